#pragma once
// check_regex: compile one `re` pattern alone, for the rule checker's diagnostics.
//
// Returns nothing when RE2 accepts the pattern (with the same options RegexSet uses), else RE2's
// error text and, when derivable, the byte offset of the offending part within the pattern:
// exact for unbalanced parentheses and a trailing backslash (found by a small scan), otherwise
// the first occurrence of the text RE2 names as offending (e.g. "**" in "a**"), which is the
// right place in all but contrived patterns. Compile time only; allocates.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigil::match {

struct RegexError {
  std::string message;               // RE2's text, e.g. "missing ): a(b"
  std::optional<std::size_t> offset;  // byte offset within the pattern
};

std::optional<RegexError> check_regex(std::string_view pattern, bool cased = false,
                                      std::int64_t max_mem = 64 << 20);

}  // namespace sigil::match
