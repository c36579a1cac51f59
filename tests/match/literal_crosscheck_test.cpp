#include <doctest/doctest.h>

#include <random>
#include <string>

#include "engine/match/case_fold.hpp"
#include "literal_helpers.hpp"

using namespace sigil::match;
using sigil::match::test::Ids;

namespace {

// The obvious implementation: fold copies, then std::string_view::find / compare.
Ids naive(const std::vector<LiteralPattern>& patterns, std::string_view text) {
  Ids out;
  for (const LiteralPattern& p : patterns) {
    const std::string t = p.cased ? std::string(text) : fold_copy(text);
    const std::string s = p.cased ? p.text : fold_copy(p.text);
    const std::string_view tv = t;
    bool ok = false;
    switch (p.mode) {
      case LiteralMode::equals: ok = tv == s; break;
      case LiteralMode::contains: ok = tv.find(s) != std::string_view::npos; break;
      case LiteralMode::startswith: ok = tv.starts_with(s); break;
      case LiteralMode::endswith: ok = tv.ends_with(s); break;
    }
    if (ok) out.push_back(p.id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A small alphabet (with case variants, NUL and a high byte) so that random patterns do occur in
// random texts, overlap and prefix each other.
std::string random_string(std::mt19937& rng, std::size_t max_len) {
  static constexpr char kAlphabet[] = {'a', 'b', 'A', 'B', 'c', '\0', '\xe9', 'z'};
  std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), ' ');
  for (char& c : s) c = kAlphabet[std::uniform_int_distribution<std::size_t>(0, sizeof kAlphabet - 1)(rng)];
  return s;
}

}  // namespace

TEST_CASE("literal set - Aho-Corasick, RE2::Set and a naive reference agree on random inputs") {
  std::mt19937 rng(12345);
  int matches_seen = 0, combinations = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<LiteralPattern> patterns;
    const int n = std::uniform_int_distribution<int>(1, 40)(rng);
    for (int i = 0; i < n; ++i) {
      const auto mode = static_cast<LiteralMode>(std::uniform_int_distribution<int>(0, 3)(rng));
      const bool cased = std::uniform_int_distribution<int>(0, 2)(rng) == 0;
      const auto id = static_cast<std::uint32_t>(std::uniform_int_distribution<int>(0, n)(rng));
      patterns.push_back({random_string(rng, 5), mode, cased, id});
    }
    const AhoCorasickSet ac(patterns);
    const Re2LiteralSet re2(patterns);
    MatchIds a, r;
    for (int k = 0; k < 20; ++k) {
      const std::string text = random_string(rng, k < 10 ? 8 : 64);
      a.clear();
      r.clear();
      ac.match(text, a);
      REQUIRE(re2.match(text, r));
      const Ids expected = naive(patterns, text);
      INFO("round " << round << " text size " << text.size());
      CHECK(test::sorted_ids(a) == expected);
      CHECK(test::sorted_ids(r) == expected);
      matches_seen += static_cast<int>(expected.size());
      ++combinations;
    }
  }
  CHECK(combinations == 6000);
  CHECK(matches_seen > 10000);  // the inputs do exercise matching, not just misses
}
