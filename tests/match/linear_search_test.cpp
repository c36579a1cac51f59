#include "engine/match/linear_search.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "engine/match/case_fold.hpp"

using sigil::match::contains_linear;

namespace {

bool naive_contains(std::string_view text, std::string_view needle, bool cased) {
  if (cased) return text.find(needle) != std::string_view::npos;
  return sigil::match::fold_copy(text).find(sigil::match::fold_copy(needle)) != std::string::npos;
}

}  // namespace

TEST_CASE("contains_linear: edge cases") {
  CHECK(contains_linear("abc", "", true));
  CHECK(contains_linear("", "", false));
  CHECK_FALSE(contains_linear("", "a", true));
  CHECK_FALSE(contains_linear("ab", "abc", true));
  CHECK(contains_linear("xxabc", "abc", true));
  CHECK(contains_linear("abc", "abc", true));
  CHECK(contains_linear("aabaabaaab", "aaab", true));
  CHECK_FALSE(contains_linear("aabaabaab", "aaab", true));
  CHECK(contains_linear("Read /ETC/passwd", "/etc/PASSWD", false));
  CHECK_FALSE(contains_linear("Read /ETC/passwd", "/etc/PASSWD", true));
  // Only ASCII letters fold: bytes of UTF-8 sequences compare as they are.
  CHECK_FALSE(contains_linear("\xc3\x89t\xc3\xa9", "\xc3\xa9T\xc3\xa9", false));
  CHECK(contains_linear("x\xc3\xa9T\xc3\xa9", "\xc3\xa9t\xc3\xa9", false));
}

TEST_CASE("contains_linear agrees with a naive search on random texts over a small alphabet") {
  std::mt19937 rng(20261126);
  const std::string alphabet = "aAbB-";
  auto random_string = [&](std::size_t max_len) {
    std::string s(rng() % (max_len + 1), ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string text = random_string(40);
    const std::string needle = random_string(6);
    const bool cased = (i % 2) == 0;
    INFO("text=" << text << " needle=" << needle << " cased=" << cased);
    REQUIRE(contains_linear(text, needle, cased) == naive_contains(text, needle, cased));
  }
}

TEST_CASE("contains_linear: a needle longer than any earlier one on the thread, then a shorter one") {
  const std::string long_needle(5000, 'a');
  CHECK(contains_linear(std::string(6000, 'A'), long_needle, false));
  CHECK_FALSE(contains_linear(std::string(4999, 'a') + "b" + std::string(4999, 'a'), long_needle, true));
  CHECK(contains_linear("xxab", "ab", true));
}
