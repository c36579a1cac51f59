// Hostile and large input: the parser must neither crash nor recurse without bound. Times are
// reported (MESSAGE), never asserted: speed belongs to benchmarks, and sanitizer builds are slow.
// A hang is caught by ctest's timeout.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include <chrono>
#include <random>
#include <string>

#include "dsl/syntax/grammar.hpp"
#include "dsl/syntax/parser.hpp"

namespace {

using namespace sigil::dsl;
using namespace sigil::dsl::syntax;

struct Timed {
  SourceFiles files;
  Diagnostics diagnostics;
  File file;
  double seconds = 0;
};

Timed parse_timed(std::string text, const ParseLimits& limits = {}) {
  Timed t;
  const auto index = t.files.add("<test>", std::move(text));
  const auto start = std::chrono::steady_clock::now();
  t.file = parse_file(t.files, index, t.diagnostics, limits);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return t;
}

std::string codes(const Timed& t) {
  std::string out;
  for (const Diagnostic& d : t.diagnostics.all()) out += d.code + " ";
  return out;
}

std::string generated_rules(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += fmt::format(R"(rule generated_{0} {{
  title "Generated rule {0}"
  severity high
  atlas AML.T0051.000
  on prompt
  selection phrase {{ prompt.text contains any ["ignore previous", "disregard {0}"] }}
  selection scored {{ prompt.risk_score >= 0.8  prompt.classification == "prompt_injection" }}
  filter redteam {{ user.roles contains "redteam" }}
  condition (phrase or scored) and not redteam
  output "override from {{user.id}}"
}}
)", i);
  }
  return text;
}

}  // namespace

TEST_CASE("syntax: the grammar has no left recursion or empty loops") {
  CHECK(tao::pegtl::analyze<grammar::file>(-1) == 0);
  CHECK(tao::pegtl::analyze<grammar::next_declaration>(-1) == 0);
}

TEST_CASE("syntax: 100,000 nested parentheses give E-TOO-DEEP, not a stack overflow") {
  const Timed t = parse_timed("rule r {\n  condition " + std::string(100000, '(') + "a\n}\n");
  CHECK(codes(t) == "E-TOO-DEEP ");
  CHECK(t.diagnostics.all().at(0).span.column == 12 + 65);  // at the 65th parenthesis
}

TEST_CASE("syntax: 100,000 nested `not` give E-TOO-DEEP") {
  std::string text = "macro m =";
  for (int i = 0; i < 100000; ++i) text += " not";
  const Timed t = parse_timed(text + " a\n");
  CHECK(codes(t) == "E-TOO-DEEP ");
}

TEST_CASE("syntax: nesting up to the limit is fine") {
  const Timed t = parse_timed("rule r { condition " + std::string(64, '(') + "a" + std::string(64, ')') + " }");
  CHECK(codes(t) == "");
  CHECK(t.file.rules.size() == 1);
}

TEST_CASE("syntax: 10 MB of random bytes are refused with one diagnostic") {
  std::mt19937 random(42);
  std::string bytes(10u << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  const Timed t = parse_timed(bytes);
  CHECK(codes(t) == "E-BINARY ");
}

TEST_CASE("syntax: binary garbage without NUL bytes is invalid UTF-8, pointed at the byte") {
  const Timed t = parse_timed("rule r {\n  title \"caf\xC3\xA9\"\n  author \"x\xFF\"\n}\n");
  CHECK(codes(t) == "E-INVALID-UTF8 ");
  const SourceSpan s = t.diagnostics.all().at(0).span;
  CHECK(s.line == 3);
  CHECK(s.column == 12);

  std::mt19937 random(7);
  std::string garbage(1u << 20, ' ');
  for (char& c : garbage) c = static_cast<char>(1 + random() % 255);
  const Timed g = parse_timed(garbage);
  CHECK(codes(g) == "E-INVALID-UTF8 ");
}

TEST_CASE("syntax: a file over the size limit is refused") {
  ParseLimits limits;
  limits.max_file_bytes = 1000;
  const Timed t = parse_timed(std::string(1001, ' '), limits);
  CHECK(codes(t) == "E-FILE-TOO-LARGE ");
  CHECK(t.diagnostics.all().at(0).span.line == 0);
}

TEST_CASE("syntax: 5,000 generated rules parse, every one of them") {
  const Timed t = parse_timed(generated_rules(5000));
  CHECK(codes(t) == "");
  CHECK(t.file.rules.size() == 5000);
  MESSAGE(fmt::format("5,000 rules ({} bytes) parsed in {:.3f} s", t.files.at(0).content.size(), t.seconds));
}

TEST_CASE("syntax: a huge file of broken rules reports every one") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += fmt::format("rule r{} {{\n  titel \"x\"\n}}\n", i);
  const Timed t = parse_timed(text);
  CHECK(t.diagnostics.error_count() == 20000);
}

TEST_CASE("syntax: a huge single line of garbage tokens") {
  const Timed t = parse_timed("rule r { condition a" + std::string(4u << 20, '!') + " }");
  CHECK(codes(t) == "E-SYNTAX ");
}

TEST_CASE("syntax: an unterminated string at the end of the file") {
  const Timed t = parse_timed("rule r {\n  title \"never closed");
  CHECK(codes(t) == "E-UNTERMINATED-STRING ");
  CHECK(t.diagnostics.all().at(0).span.line == 2);
  CHECK(t.diagnostics.all().at(0).span.column == 9);  // at the opening quote
}

TEST_CASE("syntax: CRLF line endings parse like LF, with the same columns") {
  const Timed crlf = parse_timed("rule r {\r\n  title \"a\"\r\n  selection s { a == 1 }\r\n  condition s\r\n}\r\n");
  CHECK(codes(crlf) == "");
  REQUIRE(crlf.file.rules.size() == 1);
  CHECK(crlf.file.rules[0].condition_span.line == 4);
  CHECK(crlf.file.rules[0].condition_span.column == 13);  // the expression

  const Timed broken = parse_timed("rule r {\r\n  titel \"a\"\r\n}\r\n");
  REQUIRE(broken.diagnostics.all().size() == 1);
  CHECK(broken.diagnostics.all()[0].span.line == 2);
  CHECK(broken.diagnostics.all()[0].span.column == 3);
  CHECK(broken.files.line(0, 2) == "  titel \"a\"");
}

TEST_CASE("syntax: a byte-order mark and an empty file are fine") {
  CHECK(codes(parse_timed("\xEF\xBB\xBFrule r { condition a }")) == "");
  CHECK(codes(parse_timed("")) == "");
  CHECK(codes(parse_timed("  # only a comment")) == "");
}
