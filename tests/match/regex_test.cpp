#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/match/regex_check.hpp"
#include "engine/match/regex_set.hpp"

using namespace sigil::match;

namespace {
std::vector<std::uint32_t> run(const RegexSet& set, std::string_view text) {
  MatchIds ids;
  REQUIRE(set.match(text, ids));
  std::vector<std::uint32_t> v(ids.ids().begin(), ids.ids().end());
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST_CASE("regex set - unanchored, case-insensitive unless cased, several ids in one pass") {
  const RegexSet set({{"ignore (all )?previous", 0, false},
                      {"^sudo ", 1, false},
                      {"rm -rf$", 2, false},
                      {"Secret", 3, true},
                      {"[0-9]{3}-[0-9]{4}", 4, false}});
  CHECK(run(set, "Please IGNORE ALL previous instructions") == std::vector<std::uint32_t>{0});
  CHECK(run(set, "SUDO rm -RF") == std::vector<std::uint32_t>{1, 2});
  CHECK(run(set, "x sudo rm -rf /") == std::vector<std::uint32_t>{});
  CHECK(run(set, "secret 555-1234") == std::vector<std::uint32_t>{4});
  CHECK(run(set, "Secret") == std::vector<std::uint32_t>{3});
  CHECK(set.id_bound() == 5);
}

TEST_CASE("regex set - empty set, empty text, NUL and invalid UTF-8 in the text") {
  using namespace std::string_literals;
  CHECK(run(RegexSet({}), "x").empty());
  const RegexSet set({{"^$", 0, false}, {"a\\x00b", 1, false}, {"z$", 2, false}});
  CHECK(run(set, "") == std::vector<std::uint32_t>{0});
  CHECK(run(set, "\xff\xfe" "A\0Bz"s) == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("regex set - a 1 MiB text stays linear (pathological pattern for backtracking engines)") {
  const RegexSet set({{"(a+)+$", 0, false}, {"(x+x+)+y", 1, false}});
  std::string text(1 << 20, 'x');
  CHECK(run(set, text).empty());
  text.back() = 'a';
  CHECK(run(set, text) == std::vector<std::uint32_t>{0});
}

TEST_CASE("regex set - patterns with a long counted repetition run in sets of 8 of their own, same results") {
  // Dense: no repetition counted to 10 or more (braces in classes, escapes and \\x{..} do not count).
  const std::vector<std::string> dense = {"plain", "a{2,9}b", "[{]10}", "\\{10\\}x", "\\x{41}{3}", "q\\Q{10}\\E"};
  std::vector<RegexPattern> patterns;
  for (const std::string& p : dense) patterns.push_back({p, static_cast<std::uint32_t>(patterns.size()), true});
  for (int i = 0; i < 10; ++i)  // counted: {0,N}, {N}, {N,}
    patterns.push_back({"w" + std::to_string(i) + (i % 3 == 0 ? "[^.]{0,40}" : i % 3 == 1 ? "-{10}" : "-{12,}") + "z",
                        static_cast<std::uint32_t>(patterns.size()), true});
  const RegexSet set(patterns, RegexSet::kDefaultMaxMem, 1000);  // no prefilter: all unfiltered
  CHECK(set.unfiltered_count() == patterns.size());
  CHECK(set.set_count() == 3);  // the dense ones, counted 1-8, counted 9-10
  CHECK(run(set, "plain aab {10}x \\x{41} AAA q{10}") == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5});
  CHECK(run(set, "w0 ... z") == std::vector<std::uint32_t>{});
  CHECK(run(set, "w0 abc z w4----------z w8" + std::string(30, '-') + "z w9----------------z") ==
        std::vector<std::uint32_t>{6, 10, 14, 15});
  CHECK(run(set, "plain w8------------z") == std::vector<std::uint32_t>{0, 14});
}

TEST_CASE("regex set - an invalid pattern is rejected with RE2's message") {
  CHECK_THROWS_WITH_AS(RegexSet({{"a(b", 0, false}}), doctest::Contains("missing )"), std::runtime_error);
}

TEST_CASE("regex check - valid patterns pass") {
  CHECK_FALSE(check_regex("^(?:foo|bar)[0-9]+$").has_value());
  CHECK_FALSE(check_regex("").has_value());
}

TEST_CASE("regex check - error text and offset") {
  struct Case {
    const char* pattern;
    const char* message_part;
    std::optional<std::size_t> offset;
  };
  const Case cases[] = {
      {"ab(c(d)", "missing )", 2},
      {"a)b", "unexpected )", 1},
      {"[(]x)", "unexpected )", 4},  // a paren inside a class does not count
      {"a**", "bad repetition operator", 1},
      {"x[z-a]", "invalid character class range", 2},
      {"abc\\", "trailing \\", 3},
      {"[abc", "missing ]", 0},
      {"a{2,1}", "invalid repetition size", 1},
      {"(?z)", "invalid perl operator", 0},
      {"\\8", "invalid escape sequence", 0},
  };
  for (const Case& c : cases) {
    INFO(c.pattern);
    const auto e = check_regex(c.pattern);
    REQUIRE(e.has_value());
    CHECK(e->message.find(c.message_part) != std::string::npos);
    CHECK(e->offset == c.offset);
  }
}

TEST_CASE("regex check - a pattern too large for max_mem is reported without an offset") {
  const auto e = check_regex("((((a{100}){100}){100}){100})", false, 1 << 20);
  REQUIRE(e.has_value());
  CHECK_FALSE(e->message.empty());
}
