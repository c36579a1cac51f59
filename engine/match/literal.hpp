#pragma once
// A literal pattern as the rule compiler hands it to a literal set: constant text, how it must sit
// in the event value (mode), whether case matters, and the id reported when it matches.

#include <cstdint>
#include <string>

namespace sigil::match {

enum class LiteralMode : std::uint8_t {
  equals,      // the whole value
  contains,    // anywhere
  startswith,  // at offset 0 only
  endswith,    // ending at the end of the value only
};

struct LiteralPattern {
  std::string text;  // raw bytes; may be empty, may contain NUL
  LiteralMode mode = LiteralMode::contains;
  bool cased = false;      // false: ASCII letters fold (case_fold.hpp); true: exact bytes
  std::uint32_t id = 0;    // reported on match; several patterns may share an id
};

}  // namespace sigil::match
