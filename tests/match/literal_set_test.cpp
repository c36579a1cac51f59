#include <doctest/doctest.h>

#include <string>

#include "engine/match/literal_set.hpp"
#include "literal_helpers.hpp"

using namespace sigil::match;
using sigil::match::test::Ids;

namespace {

using Matcher = Ids (*)(const std::vector<LiteralPattern>&, std::string_view);
constexpr Matcher kBoth[] = {&sigil::match::test::ac_match, &sigil::match::test::re2_match};

LiteralPattern pat(std::string text, LiteralMode mode, std::uint32_t id, bool cased = false) {
  return {std::move(text), mode, cased, id};
}

using M = LiteralMode;

}  // namespace

TEST_CASE("literal set - equals vs contains vs startswith vs endswith") {
  const std::vector<LiteralPattern> p = {pat("abc", M::equals, 0), pat("abc", M::contains, 1),
                                         pat("abc", M::startswith, 2), pat("abc", M::endswith, 3)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "abc") == Ids{0, 1, 2, 3});
    CHECK(m(p, "xabc") == Ids{1, 3});
    CHECK(m(p, "abcx") == Ids{1, 2});
    CHECK(m(p, "xabcx") == Ids{1});
    CHECK(m(p, "ab") == Ids{});
    CHECK(m(p, "abcabc") == Ids{1, 2, 3});  // startswith at offset 0 only, endswith at the end only
  }
}

TEST_CASE("literal set - ASCII case folding unless cased") {
  const std::vector<LiteralPattern> p = {pat("Ignore Previous", M::contains, 0),
                                         pat("Secret", M::contains, 1, /*cased=*/true)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "please IGNORE previous instructions") == Ids{0});
    CHECK(m(p, "the secret") == Ids{});
    CHECK(m(p, "the Secret") == Ids{1});
    CHECK(m(p, "ignore-previous") == Ids{});
  }
}

TEST_CASE("literal set - non-ASCII letters compare as bytes (documented limit)") {
  const std::vector<LiteralPattern> p = {pat("caf\xc3\xa9", M::contains, 0)};  // "café"
  for (Matcher m : kBoth) {
    CHECK(m(p, "CAF\xc3\xa9") == Ids{0});
    CHECK(m(p, "CAF\xc3\x89") == Ids{});  // "CAFÉ": É is not folded
  }
}

TEST_CASE("literal set - empty pattern and empty text") {
  const std::vector<LiteralPattern> p = {pat("", M::equals, 0), pat("", M::contains, 1),
                                         pat("", M::startswith, 2), pat("", M::endswith, 3),
                                         pat("x", M::contains, 4)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "") == Ids{0, 1, 2, 3});
    CHECK(m(p, "x") == Ids{1, 2, 3, 4});
    CHECK(m(p, "y") == Ids{1, 2, 3});
  }
  CHECK(sigil::match::test::ac_match({}, "anything") == Ids{});
  CHECK(sigil::match::test::re2_match({}, "anything") == Ids{});
}

TEST_CASE("literal set - overlapping patterns and patterns that are prefixes or suffixes of others") {
  const std::vector<LiteralPattern> p = {pat("he", M::contains, 0), pat("she", M::contains, 1),
                                         pat("his", M::contains, 2), pat("hers", M::contains, 3),
                                         pat("h", M::startswith, 4), pat("s", M::endswith, 5),
                                         pat("hershe", M::equals, 6)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "ushers") == Ids{0, 1, 3, 5});
    CHECK(m(p, "hershe") == Ids{0, 1, 3, 4, 6});
    CHECK(m(p, "his") == Ids{2, 4, 5});
  }
}

TEST_CASE("literal set - several patterns may share an id; ids are reported once") {
  const std::vector<LiteralPattern> p = {pat("a", M::contains, 7), pat("b", M::contains, 7),
                                         pat("a", M::contains, 7)};
  for (Matcher m : kBoth) CHECK(m(p, "aab") == Ids{7});
}

TEST_CASE("literal set - NUL bytes and invalid UTF-8 are ordinary bytes") {
  using namespace std::string_literals;
  const std::vector<LiteralPattern> p = {pat("a\0b"s, M::contains, 0), pat("\xff\xfe", M::endswith, 1),
                                         pat("\0"s, M::startswith, 2)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "xxA\0Bxx\xff\xfe"s) == Ids{0, 1});
    CHECK(m(p, "\0\xc3\x28"s) == Ids{2});
    CHECK(m(p, "ab") == Ids{});
  }
}

TEST_CASE("literal set - a 1 MiB text") {
  std::string text(1 << 20, 'a');
  text.replace(text.size() / 2, 6, "NEEDLE");
  text.back() = 'z';
  const std::vector<LiteralPattern> p = {pat("needle", M::contains, 0), pat("aaaz", M::endswith, 1),
                                         pat("aaaa", M::startswith, 2), pat("needle", M::endswith, 3),
                                         pat("zz", M::contains, 4)};
  for (Matcher m : kBoth) CHECK(m(p, text) == Ids{0, 1, 2});
}

TEST_CASE("literal set - anchored windows: startswith beyond max length and endswith before it") {
  // The automaton reads only max-length windows for anchored patterns; the longest pattern
  // decides the window, so a short one must still be found.
  const std::vector<LiteralPattern> p = {pat("a", M::startswith, 0), pat("abcdefgh", M::startswith, 1),
                                         pat("h", M::endswith, 2), pat("zzzzzzzh", M::endswith, 3)};
  for (Matcher m : kBoth) {
    CHECK(m(p, "abcdefgh") == Ids{0, 1, 2});
    CHECK(m(p, "xbcdefgzzzzzzzh") == Ids{2, 3});
  }
}

TEST_CASE("literal set - MatchIds accumulates across calls until cleared, without reallocating") {
  const LiteralSet set({pat("foo", M::contains, 0), pat("bar", M::contains, 1)});
  MatchIds ids;
  ids.prepare(set.id_bound());
  set.match("foo", ids);
  set.match("bar", ids);
  CHECK(ids.size() == 2);
  const auto* data = ids.ids().data();
  ids.clear();
  CHECK(ids.empty());
  CHECK_FALSE(ids.contains(0));
  set.match("xbarx", ids);
  CHECK(ids.ids().data() == data);
  CHECK(ids.contains(1));
  CHECK_FALSE(ids.contains(0));
}

TEST_CASE("literal set - RE2 regex form of a literal") {
  CHECK(Re2LiteralSet::to_regex(pat("a.B", M::equals, 0)) == "\\A[aA]\\.[bB]\\z");
  CHECK(Re2LiteralSet::to_regex(pat("a.B", M::startswith, 0, true)) == "\\Aa\\.B");
  CHECK(Re2LiteralSet::to_regex(pat("1+", M::endswith, 0, true)) == "1\\+\\z");
}

TEST_CASE("literal set - an occurrence at any position of a long text, across the two-stream split") {
  // Texts of 32 bytes or more are scanned as two interleaved halves; plant the pattern everywhere.
  const std::vector<LiteralPattern> p = {pat("0123456789", M::contains, 0), pat("x", M::contains, 1, true)};
  for (std::size_t size : {32, 41, 200}) {
    for (std::size_t at = 0; at + 10 <= size; ++at) {
      std::string text(size, '-');
      text.replace(at, 10, "0123456789");
      INFO("size " << size << " at " << at);
      CHECK(sigil::match::test::ac_match(p, text) == Ids{0});
    }
  }
}
