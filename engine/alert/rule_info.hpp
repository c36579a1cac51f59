#pragma once
// What an alert says about the rule that raised it. Filled by the rule compiler from a checked
// rule; immutable afterwards and shared by all threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/technique.hpp"
#include "engine/event/field_id.hpp"

namespace sigil {

enum class Severity : std::uint8_t { informational, low, medium, high, critical };

constexpr std::string_view severity_name(Severity s) {
  constexpr std::string_view names[] = {"informational", "low", "medium", "high", "critical"};
  return names[static_cast<int>(s)];
}

// The `output` template of a rule: literal text and field placeholders, in order.
struct OutputTemplate {
  struct Segment {
    std::string literal;          // used when field == kNoField
    FieldId field = kNoField;
    std::string path;             // the placeholder as written, for diagnostics
  };
  std::vector<Segment> segments;
};

struct RuleInfo {
  std::string id;
  std::string title;
  Severity severity = Severity::medium;
  std::vector<std::string> tags;
  std::vector<const atlas::Technique*> atlas;  // into AtlasCatalog::builtin()
  OutputTemplate output;
};

}  // namespace sigil
