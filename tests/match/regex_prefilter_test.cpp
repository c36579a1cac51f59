// The literal prefilter of RegexSet: which patterns it filters, and that it never changes a
// result (every answer is compared with plain RE2 on the same pattern and text).
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "engine/ingest/utf8.hpp"
#include "engine/match/regex_prefilter.hpp"
#include "engine/match/regex_set.hpp"

using namespace sigil::match;

namespace {

std::string utf8(char32_t c) {
  std::string s;
  sigil::append_utf8(s, static_cast<std::uint32_t>(c));
  return s;
}

RE2::Options options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

// Ids of the patterns plain RE2 finds in `text`, one pattern at a time.
std::vector<std::uint32_t> expected(const std::vector<RegexPattern>& patterns, std::string_view text) {
  std::vector<std::uint32_t> out;
  for (const RegexPattern& p : patterns) {
    RE2 re(p.cased ? p.pattern : "(?i)" + p.pattern, options());
    REQUIRE(re.ok());
    if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re)) out.push_back(p.id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> sorted(const MatchIds& ids) {
  std::vector<std::uint32_t> v(ids.ids().begin(), ids.ids().end());
  std::sort(v.begin(), v.end());
  return v;
}

// RegexSet's answer through a long-lived Scratch and through the Scratch-less overload, both
// checked against plain RE2.
void check_same(const std::vector<RegexPattern>& patterns, const RegexSet& set, RegexSet::Scratch& scratch,
                std::string_view text) {
  INFO("text: " << std::string(text));
  const std::vector<std::uint32_t> want = expected(patterns, text);
  MatchIds with_scratch;
  set.match(text, with_scratch, scratch);
  CHECK(sorted(with_scratch) == want);
  MatchIds without;
  set.match(text, without);
  CHECK(sorted(without) == want);
}

// Every pattern with a filter filtered (selective atom length 1), and the shipped default.
void check_all(const std::vector<RegexPattern>& patterns, const std::vector<std::string>& texts) {
  for (std::size_t selective : {std::size_t{1}, RegexSet::kSelectiveAtomLength}) {
    INFO("selective atom length " << selective);
    const RegexSet set(patterns, RegexSet::kDefaultMaxMem, selective);
    RegexSet::Scratch scratch(set);
    for (const std::string& text : texts) check_same(patterns, set, scratch, text);
  }
}

}  // namespace

TEST_CASE("regex prefilter - patterns with atoms are filtered, patterns without are not") {
  const RE2::Options o = options();
  const RegexPrefilter f({"(?i)ignore\\s+(all\\s+)?previous", "(?i)a.b", "(?i)", "(?i)x*", "(?i)abc|de",
                          "(?i)abc|def", "(?i)[0-9]{3}-[0-9]{4}", "(?i)caf\xc3\xa9s"},
                         o);
  REQUIRE(f.filters().size() == 8);
  auto atoms_of = [&](const std::vector<std::uint32_t>& term) {
    std::vector<std::string> out;
    for (std::uint32_t a : term) out.push_back(f.atoms()[a]);
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK_FALSE(f.filters()[0].unfiltered);
  REQUIRE_FALSE(f.filters()[1].unfiltered);  // no atom of kMinAtomLength: shorter ones, a AND b
  CHECK(f.filters()[1].terms.size() == 1);
  CHECK(atoms_of(f.filters()[1].terms[0]) == std::vector<std::string>{"a", "b"});
  CHECK(f.filters()[2].unfiltered);  // matches the empty string
  CHECK(f.filters()[3].unfiltered);
  CHECK(f.filters()[4].terms.size() == 2);  // abc OR de
  CHECK(f.filters()[5].terms.size() == 2);  // abc OR def
  REQUIRE(f.filters()[6].terms.size() == 1);  // classes of 10 characters: only the "-" is literal
  CHECK(atoms_of(f.filters()[6].terms[0]) == std::vector<std::string>{"-"});
  REQUIRE(f.filters()[7].terms.size() == 1);  // non-ASCII: its ASCII runs and kNonAscii
  CHECK(atoms_of(f.filters()[7].terms[0]) == std::vector<std::string>{"", "caf", "s"});
  CHECK(f.atoms()[RegexPrefilter::kNonAscii].empty());
  for (const std::string& atom : f.atoms())
    CHECK(std::none_of(atom.begin(), atom.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c & 0x80; }));
}

TEST_CASE("regex prefilter - an AND of atoms needs every atom, an OR any one of them") {
  const std::vector<RegexPattern> patterns = {{"ignore\\s+previous", 0, false}, {"(secret|password)=", 1, false}};
  const RegexSet set(patterns);
  CHECK(set.unfiltered_count() == 0);  // "ignore" + "previous"; "secret=" or "password="
  check_all(patterns, {"ignore previous", "IGNORE\tPREVIOUS now", "ignore it", "previous", "ignore nothing previous",
                       "previous ignore", "password=", "SECRET=", "secret", "x password= ignore  previous"});
}

TEST_CASE("regex prefilter - a filter needing only a non-ASCII character is not selective") {
  // Every non-English text has one: such a pattern runs in the set, not alone on each such text.
  const std::vector<RegexPattern> patterns = {{"\xc3\xa9\xc3\xa8", 0, true}, {"caf\xc3\xa9s", 1, true}};
  const RegexSet set(patterns, RegexSet::kDefaultMaxMem, 1);
  CHECK(set.unfiltered_count() == 1);  // "caf" and "s" still filter the second one
  check_all(patterns,
            {"\xc3\xa9\xc3\xa8", "x\xc3\xa9\xc3\xa8y", "\xc3\xa8\xc3\xa9", "caf\xc3\xa9s", "cafes", "\xc3\xa9"});
}

TEST_CASE("regex prefilter - case-insensitive, inline (?i) in a cased pattern, cased patterns") {
  const std::vector<RegexPattern> patterns = {{"Jailbreak", 0, false},
                                              {"(?i)Jailbreak", 1, true},
                                              {"Jailbreak", 2, true},
                                              {"DAN (?i:mode)", 3, true}};
  check_all(patterns, {"jailbreak", "JAILBREAK", "Jailbreak", "jailBreak now", "DAN MODE", "dan mode", "DAN mOdE",
                       "DAN  mode"});
}

TEST_CASE("regex prefilter - alternations, character classes, repetitions") {
  const std::vector<RegexPattern> patterns = {
      {"(ignore|disregard) (all|any) (previous|prior) instructions", 0, false},
      {"[Ii]gnore", 1, true},
      {"(abc){2,}x", 2, false},
      {"pass(word|phrase)?\\s*[:=]", 3, false},
      {"[a-c]{3}def", 4, false},
      {"\\bsudo\\b", 5, false},
      {"a|bcd|efgh", 6, false}};
  check_all(patterns, {"please disregard any prior instructions", "ignore all previous instructions.",
                       "ignore all prior", "Ignore", "IGNORE", "abcx", "ABCABCX", "pass:", "PASSWORD =",
                       "passphrase:", "bcadef", "zzdef", "pseudo sudo", "sudoers", "bcd", "a", "xyz"});
}

TEST_CASE("regex prefilter - anchored patterns and patterns matching the empty string") {
  const std::vector<RegexPattern> patterns = {{"^sudo\\s", 0, false}, {"rm -rf$", 1, false}, {"^$", 2, false},
                                              {"(abc)?", 3, false},   {"x*", 4, false},      {"", 5, false},
                                              {"^(?:foo)?$", 6, false}};
  check_all(patterns, {"", "sudo rm -rf", "SUDO  x", "a sudo b", "rm -rf", "rm -rf /", "foo", "FOO", "xfoo"});
}

TEST_CASE("regex prefilter - a value holding the atoms but not the regex does not match") {
  const std::vector<RegexPattern> patterns = {{"api[_-]?key\\s*=\\s*[a-z0-9]{16}", 0, false},
                                              {"begin rsa private key", 1, false}};
  check_all(patterns, {"api_key = short", "apikey=0123456789abcdef", "API-KEY = 0123456789ABCDEF!",
                       "begin the rsa private key", "BEGIN RSA PRIVATE KEY"});
}

TEST_CASE("regex prefilter - characters RE2 folds to ASCII (Kelvin sign, long s) and non-ASCII atoms") {
  const std::string kelvin = utf8(0x212A), long_s = utf8(0x17F);
  const std::vector<RegexPattern> patterns = {
      {"kelvin", 0, false}, {"password", 1, false}, {"caf\xc3\xa9 ole", 2, false}, {"\xc3\x89t\xc3\xa9 ici", 3, true},
      {"ask", 4, true},     {long_s + "ss", 5, true}};
  check_all(patterns, {kelvin + "elvin", "KELVIN", "pa" + long_s + long_s + "word", "PASSWORD", "CAF\xc3\x89 OLE",
                       "caf\xc3\xa9 ole", "\xc3\x89t\xc3\xa9 ici", "\xc3\xa9t\xc3\xa9 ici", "as" + kelvin, "sss",
                       long_s + "ss", "\xff\xfe invalid kelvin"});
}

TEST_CASE("regex prefilter - every character that RE2 matches as an ASCII letter under (?i) is a listed one") {
  // The filter's atoms are found with ASCII folding; any other character that RE2's case folding
  // equates with an ASCII letter must make RegexSet bypass the filter (kFoldsToAscii).
  RE2 letter("(?i)[a-z]", options());
  std::vector<std::string> found;
  for (char32_t c = 0x80; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    const std::string s = utf8(c);
    if (RE2::FullMatch(s, letter)) found.push_back(s);
  }
  const std::vector<std::string> listed(RegexPrefilter::kFoldsToAscii.begin(), RegexPrefilter::kFoldsToAscii.end());
  CHECK(found == listed);
}

TEST_CASE("regex prefilter - atoms RE2 lowercases into ASCII come only from the listed characters") {
  // RE2 lowercases a literal's characters to make atoms; check the blocks with case mappings.
  const RE2::Options o = options();
  const std::pair<char32_t, char32_t> blocks[] = {{0x80, 0x530}, {0x1E00, 0x2000}, {0x2100, 0x2150}, {0xFF00, 0xFF60}};
  for (auto [lo, hi] : blocks)
    for (char32_t c = lo; c < hi; ++c) {
      const std::string s = utf8(c);
      const RegexPrefilter f({RE2::QuoteMeta(s) + "qqq"}, o);
      const bool ascii_atom = std::any_of(f.atoms().begin(), f.atoms().end(), [&](const std::string& a) {
        return a.find("qqq") != 0 && a.size() > 3;  // the character became part of an ASCII atom
      });
      const bool listed = std::find(RegexPrefilter::kFoldsToAscii.begin(), RegexPrefilter::kFoldsToAscii.end(), s) !=
                          RegexPrefilter::kFoldsToAscii.end();
      INFO("U+" << std::hex << static_cast<unsigned>(c));
      CHECK(ascii_atom == listed);
    }
}

TEST_CASE("regex prefilter - randomized: many patterns over a small alphabet, same results as plain RE2") {
  std::mt19937 rng(20261126);
  auto pick = [&](std::string_view from) { return from[rng() % from.size()]; };
  // Words from a small alphabet so atoms are shared and texts often hold them.
  auto word = [&](std::size_t min, std::size_t max) {
    std::string w;
    for (std::size_t n = min + rng() % (max - min + 1); n > 0; --n) w += pick("abcAB");
    return w;
  };
  auto piece = [&](int depth, auto& self) -> std::string {
    switch (rng() % (depth > 2 ? 4 : 9)) {
      case 0:
      case 1:
      case 2: return word(1, 5);
      case 3: return std::string(1, pick(".^$"));
      case 4: return "(" + self(depth + 1, self) + "|" + self(depth + 1, self) + ")";
      case 5: return "(?:" + self(depth + 1, self) + ")" + std::string(1, pick("*+?"));
      case 6:  // sometimes a long counted repetition: such patterns run in small sets of their own
        return "[" + word(1, 3) + "]" + (rng() % 3 == 0 ? "{0," + std::to_string(10 + rng() % 4) + "}" : "");
      case 7: return "(?i:" + self(depth + 1, self) + ")";
      default: return self(depth + 1, self) + self(depth + 1, self);
    }
  };
  std::size_t filtered = 0, split = 0;  // split: rounds whose counted patterns got sets of their own
  for (int round = 0; round < 40; ++round) {
    std::vector<RegexPattern> patterns;
    for (std::uint32_t i = 0; i < 24; ++i) {
      std::string p = piece(0, piece);
      if (rng() % 6 == 0) p = "^" + p;
      if (rng() % 6 == 0) p += "$";
      patterns.push_back({p, i, rng() % 2 == 0});
    }
    const RegexSet set(patterns, RegexSet::kDefaultMaxMem, 1);
    filtered += set.size() - set.unfiltered_count();
    split += set.set_count() > 1 ? 1 : 0;
    RegexSet::Scratch scratch(set);
    for (int t = 0; t < 60; ++t) {
      std::string text;
      for (std::size_t n = rng() % 40; n > 0; --n) {
        const unsigned r = rng() % 40;
        if (r == 0) text += utf8(0x212A);  // Kelvin sign (k)
        else if (r == 1) text += utf8(0x17F);  // long s
        else if (r == 2) text += '\xff';       // invalid UTF-8
        else text += pick("abcABC  ");
      }
      const std::vector<std::uint32_t> want = expected(patterns, text);
      MatchIds got;
      set.match(text, got, scratch);
      if (sorted(got) != want) {
        std::string listing;
        for (const RegexPattern& p : patterns) listing += "  " + p.pattern + (p.cased ? " (cased)\n" : "\n");
        FAIL_CHECK("text '" << text << "' patterns:\n" << listing);
      }
    }
  }
  CHECK(filtered > 200);  // the prefilter was exercised, not bypassed (of 960 patterns)
  CHECK(split > 0);       // and so were the counted patterns' own sets
  MESSAGE("filtered patterns: " << filtered << " of 960; rounds with counted sets: " << split << " of 40");
}

TEST_CASE("regex prefilter - a Scratch reused across many texts keeps giving complete results") {
  const std::vector<RegexPattern> patterns = {{"abc", 0, false}, {"abd|abe", 1, false}, {"a.c", 2, false},
                                              {"x+y", 3, false}};
  const RegexSet set(patterns, RegexSet::kDefaultMaxMem, 1);
  RegexSet::Scratch scratch(set);
  for (int i = 0; i < 70000; ++i) {  // beyond nothing in particular, but exercises the stamp reuse
    MatchIds got;
    set.match(i % 2 ? "ABC abe" : "xy", got, scratch);
    if (i % 2) REQUIRE(sorted(got) == std::vector<std::uint32_t>{0, 1, 2});
    else REQUIRE(sorted(got) == std::vector<std::uint32_t>{3});
  }
}
