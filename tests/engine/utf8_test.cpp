#include <doctest/doctest.h>
#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>

#include <random>
#include <string>

#include "engine/ingest/utf8.hpp"

using namespace sigil;

namespace {

using Problem = Utf8Check::Problem;

Problem problem(std::string_view s) { return check_utf8_without_nul(s).problem; }

// RapidJSON's own UTF-8 decoder (what the normalizer used before), as the reference.
bool rapidjson_valid(std::string_view bytes) {
  rapidjson::MemoryStream stream(bytes.data(), bytes.size());
  while (stream.Tell() < bytes.size()) {
    unsigned codepoint;
    if (!rapidjson::UTF8<>::Decode(stream, &codepoint)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("utf8: valid text of every sequence length passes") {
  CHECK(problem("") == Problem::none);
  CHECK(problem("plain ascii, long enough for the 8-byte path") == Problem::none);
  CHECK(problem("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF") == Problem::none);  // é € 😀 U+10FFFF
}

TEST_CASE("utf8: invalid sequences are found at their first byte") {
  struct Case {
    std::string text;
    std::size_t offset;
  };
  for (const Case& c : std::vector<Case>{
           {"abc\x80", 3},                        // lone continuation
           {"ab\xC0\xAF", 2},                     // overlong /
           {"abcdefgh\xC3\x28xyz", 8},            // bad continuation, after the fast path
           {"\xE0\x80\xAF", 0},                   // overlong 3-byte
           {"x\xED\xA0\x80", 1},                  // surrogate
           {"\xF4\x90\x80\x80", 0},               // above U+10FFFF
           {"\xF5\x80\x80\x80", 0},               // F5
           {"ok \xE2\x82", 3},                    // truncated at the end
       }) {
    CAPTURE(c.text);
    Utf8Check check = check_utf8_without_nul(c.text);
    CHECK(check.problem == Problem::invalid_utf8);
    CHECK(check.offset == c.offset);
  }
}

TEST_CASE("utf8: NUL bytes are found, in and after the 8-byte path") {
  CHECK(check_utf8_without_nul(std::string("a\0b", 3)).offset == 1);
  Utf8Check late = check_utf8_without_nul(std::string("0123456789\0", 11));
  CHECK(late.problem == Problem::nul_byte);
  CHECK(late.offset == 10);
}

TEST_CASE("utf8: agrees with RapidJSON's decoder on random bytes") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(1, 255), length(0, 24);  // no NUL: decoders differ on purpose
  const char pool[] = "\x41\x7f\xc2\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xed\xa0\x80\xc0\xaf\xf4\x90";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    int n = length(rng);
    for (int k = 0; k < n; ++k) {
      char c = rng() % 2 ? static_cast<char>(byte(rng)) : pool[rng() % (sizeof pool - 1)];
      s.push_back(c == '\\' ? 'x' : c);  // escapes are checked separately (below)
    }
    CAPTURE(s);
    CHECK((problem(s) == Problem::none) == rapidjson_valid(s));
  }
}

TEST_CASE("utf8: \\u escapes of lone surrogates are refused, pairs and escaped backslashes are fine") {
  CHECK(problem(R"({"a":"\udc00"})") == Problem::bad_escape);
  CHECK(problem(R"({"a":"\uD800x"})") == Problem::bad_escape);
  CHECK(problem(R"({"a":"\ud800\u0041"})") == Problem::bad_escape);
  CHECK(problem(R"({"a":"\ud83d\ude00 ok"})") == Problem::none);
  CHECK(problem(R"({"a":"\\udc00"})") == Problem::none);  // a backslash, then the text "udc00"
  CHECK(problem(R"({"a":"\n\t\"\\"})") == Problem::none);
  CHECK(check_utf8_without_nul(R"(0123456789{"a":"\udfff"})").offset == 16);
}
