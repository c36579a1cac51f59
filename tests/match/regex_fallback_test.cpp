// RE2::Set reports no match at all when its DFA runs out of memory; RegexSet must not.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "engine/match/regex_set.hpp"

using namespace sigil::match;

TEST_CASE("regex set: DFA-hostile patterns on a long text still match, by the set or by the fallback") {
  // `a[ab]{N}` needs 2^N DFA states: on random a/b text the DFA cache thrashes and RE2 gives up.
  std::vector<RegexPattern> patterns;
  for (std::uint32_t i = 0; i < 8; ++i)
    patterns.push_back({"a[ab]{" + std::to_string(16 + i) + "}c" + std::to_string(i), i, true});
  RegexSet set(patterns, 1 << 20);
  std::mt19937 rng(3);
  std::string text;
  for (int i = 0; i < 400000; ++i) text.push_back("ab"[rng() % 2]);
  text += "a" + std::string(19, 'b') + "c3";  // pattern 3: a, 19 of [ab], c3
  MatchIds out;
  bool complete_by_set = set.match(text, out);
  CHECK(out.contains(3));
  CHECK_FALSE(out.contains(4));
  CHECK(complete_by_set == (set.fallbacks() == 0));
  MESSAGE("fallbacks: " << set.fallbacks());
}
