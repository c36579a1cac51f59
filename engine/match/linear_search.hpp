#pragma once
// Substring search in O(|text| + |needle|) whatever the input (Knuth-Morris-Pratt), optionally
// with ASCII case folding (case_fold.hpp). For tests where both sides come from events, such as a
// sequence's `FIELD contains @bound`: a naive search (std::string_view::find too) costs
// |text| x |needle| on hostile input, seconds for two 64 KiB texts.
//
// Thread safety: reentrant; the failure table lives in a per-thread buffer that only grows (no
// allocation once it has held the longest needle seen by the thread).

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/match/case_fold.hpp"

namespace sigil::match {

inline bool contains_linear(std::string_view text, std::string_view needle, bool cased) {
  if (needle.empty()) return true;
  if (needle.size() > text.size()) return false;
  auto at = [cased](std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    return cased ? b : fold_byte(b);
  };
  thread_local std::vector<std::uint32_t> failure;
  if (failure.size() < needle.size()) failure.resize(needle.size());
  failure[0] = 0;
  for (std::size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && at(needle, i) != at(needle, k)) k = failure[k - 1];
    if (at(needle, i) == at(needle, k)) ++k;
    failure[i] = static_cast<std::uint32_t>(k);
  }
  for (std::size_t i = 0, k = 0; i < text.size(); ++i) {
    while (k > 0 && at(text, i) != at(needle, k)) k = failure[k - 1];
    if (at(text, i) == at(needle, k)) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace sigil::match
