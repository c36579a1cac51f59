#pragma once
// "Did you mean ...?" for the parser's messages: the closest word by edit distance, and the
// spellings people bring from other languages (`equals`, `|contains`, `regex`).

#include <span>
#include <string>
#include <string_view>

namespace sigil::dsl::syntax {

// The candidate within edit distance 2 of `word` (the closest, first on ties), or "".
std::string closest(std::string_view word, std::span<const std::string_view> candidates);

// A hint for a word written where an operator belongs, or "" when there is no good guess.
std::string operator_hint(std::string_view word);

inline constexpr std::string_view operator_list =
    "==, !=, <, <=, >, >=, in, between, contains, startswith, endswith, re, cidr, exists";
inline constexpr std::string_view statement_names[] = {
    "title", "description", "author", "severity", "status", "references", "falsepositives",
    "tags", "atlas", "on", "fields", "selection", "filter", "condition", "output", "window",
    "aggregate", "having", "baseline", "new", "sequence", "suppress"};

}  // namespace sigil::dsl::syntax
