#include "engine/match/regex_check.hpp"

#include <re2/re2.h>

#include <vector>

namespace sigil::match {

namespace {

// Offset of the unmatched '(' (want_open) or the first unmatched ')', skipping escapes and
// character classes; nullopt if the scan finds none (RE2 and the scan disagree).
std::optional<std::size_t> unbalanced_paren(std::string_view p, bool want_open) {
  std::vector<std::size_t> open;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == '^') ++i;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;  // "[]a]": a leading ] is a member
    } else if (c == '(') {
      open.push_back(i);
    } else if (c == ')') {
      if (open.empty()) return want_open ? std::nullopt : std::optional<std::size_t>(i);
      open.pop_back();
    }
  }
  if (want_open && !open.empty()) return open.back();
  return std::nullopt;
}

}  // namespace

std::optional<RegexError> check_regex(std::string_view pattern, bool cased, std::int64_t max_mem) {
  RE2::Options o;
  o.set_case_sensitive(cased);
  o.set_max_mem(max_mem);
  o.set_log_errors(false);
  const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), o);
  if (re.ok()) return std::nullopt;

  RegexError e{re.error(), std::nullopt};
  switch (re.error_code()) {
    case RE2::ErrorMissingParen: e.offset = unbalanced_paren(pattern, true); break;
    case RE2::ErrorUnexpectedParen: e.offset = unbalanced_paren(pattern, false); break;
    case RE2::ErrorTrailingBackslash: e.offset = pattern.empty() ? 0 : pattern.size() - 1; break;
    default:
      if (const std::string& arg = re.error_arg(); !arg.empty())
        if (const std::size_t at = pattern.find(arg); at != std::string_view::npos) e.offset = at;
  }
  return e;
}

}  // namespace sigil::match
