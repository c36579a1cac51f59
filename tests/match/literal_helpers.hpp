#pragma once
// Test helpers: run both literal-set implementations and return sorted matched ids.

#include <algorithm>
#include <string_view>
#include <vector>

#include "engine/match/aho_corasick.hpp"
#include "engine/match/re2_literal_set.hpp"

namespace sigil::match::test {

inline std::vector<std::uint32_t> sorted_ids(const MatchIds& m) {
  std::vector<std::uint32_t> v(m.ids().begin(), m.ids().end());
  std::sort(v.begin(), v.end());
  return v;
}

inline std::vector<std::uint32_t> ac_match(const std::vector<LiteralPattern>& p, std::string_view text) {
  MatchIds m;
  AhoCorasickSet(p).match(text, m);
  return sorted_ids(m);
}

inline std::vector<std::uint32_t> re2_match(const std::vector<LiteralPattern>& p, std::string_view text) {
  MatchIds m;
  Re2LiteralSet(p).match(text, m);
  return sorted_ids(m);
}

using Ids = std::vector<std::uint32_t>;

}  // namespace sigil::match::test
