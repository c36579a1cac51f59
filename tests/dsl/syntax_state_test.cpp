// The shape of the syntax tree for the stateful statements: having precedence, durations as
// written, steps with repeat/absence/keys/bindings, `@name` values, and recovery after errors.

#include <doctest/doctest.h>

#include <string>

#include "dsl/syntax/parser.hpp"

namespace {

using namespace sigil::dsl;
using namespace sigil::dsl::syntax;

struct Parsed {
  SourceFiles files;
  Diagnostics diagnostics;
  File file;
};

Parsed parse(std::string text) {
  Parsed p;
  const auto index = p.files.add("<test>", std::move(text));
  p.file = parse_file(p.files, index, p.diagnostics);
  return p;
}

std::string show(const ArithExpr& e) {
  switch (e.kind) {
    case ArithExpr::Kind::number: return std::to_string(static_cast<long long>(e.number));
    case ArithExpr::Kind::name: return e.name.name;
    case ArithExpr::Kind::baseline: return "baseline(" + e.name.name + "," + e.horizon.text + ")";
    case ArithExpr::Kind::zscore: return "zscore(" + e.name.name + "," + e.horizon.text + ")";
    case ArithExpr::Kind::neg: return "(- " + show(e.children[0]) + ")";
    default: break;
  }
  const char* ops[] = {"+", "-", "*", "/"};
  const int op = static_cast<int>(e.kind) - static_cast<int>(ArithExpr::Kind::add);
  return "(" + std::string(ops[op]) + " " + show(e.children[0]) + " " + show(e.children[1]) + ")";
}

std::string show(const HavingExpr& e) {
  static const char* ops[] = {"==", "!=", "<", "<=", ">", ">="};
  switch (e.kind) {
    case HavingExpr::Kind::compare:
      return "[" + show(e.operands[0]) + " " + ops[static_cast<int>(e.op)] + " " + show(e.operands[1]) + "]";
    case HavingExpr::Kind::not_: return "(not " + show(e.children[0]) + ")";
    default: break;
  }
  std::string out = e.kind == HavingExpr::Kind::and_ ? "(and" : "(or";
  for (const HavingExpr& child : e.children) out += " " + show(child);
  return out + ")";
}

std::string having_of(const std::string& text) {
  const Parsed p = parse("rule r {\n  having " + text + "\n}\n");
  REQUIRE_MESSAGE(p.diagnostics.all().empty(), text);
  REQUIRE(p.file.rules.at(0).having);
  return show(*p.file.rules[0].having);
}

}  // namespace

TEST_CASE("syntax state: having arithmetic has the usual precedence, and parentheses group either") {
  CHECK(having_of("n > 10") == "[n > 10]");
  CHECK(having_of("n > 1 + 2 * 3") == "[n > (+ 1 (* 2 3))]");
  CHECK(having_of("n - 1 - 2 >= -m / 4") == "[(- (- n 1) 2) >= (/ (- m) 4)]");
  CHECK(having_of("(a + b) * 2 != 0") == "[(* (+ a b) 2) != 0]");
  CHECK(having_of("(a > 1 or b > 2) and not c <= 3") == "(and (or [a > 1] [b > 2]) (not [c <= 3]))");
  CHECK(having_of("a > 1 or b > 2 and c == 3") == "(or [a > 1] (and [b > 2] [c == 3]))");
  CHECK(having_of("n > 10 * baseline(n, 6h) or zscore(n,1d) > 3") ==
        "(or [n > (* 10 baseline(n,6h))] [zscore(n,1d) > 3])");
  CHECK(having_of("((n)) < ((2))") == "[n < 2]");
}

TEST_CASE("syntax state: window, aggregate, new, suppress and baseline warmup keep what is written") {
  const Parsed p = parse(
      "rule r {\n  window tumbling 5min by session.id, user.id\n  aggregate a = count(), b = p95(x.y)\n"
      "  baseline warmup 7\n  suppress 1h by user.id\n  new server.address by service.name within 30d\n}\n");
  REQUIRE(p.diagnostics.all().empty());
  const Rule& r = p.file.rules.at(0);
  REQUIRE(r.window);
  CHECK(r.window->tumbling);
  CHECK(r.window->length.text == "5min");  // the checker judges units
  REQUIRE(r.window->keys.size() == 2);
  CHECK(r.window->keys[1].name == "user.id");
  REQUIRE(r.aggregates.size() == 2);
  CHECK_FALSE(r.aggregates[0].field);
  CHECK(r.aggregates[1].fn.name == "p95");
  CHECK(r.aggregates[1].field->name == "x.y");
  CHECK(r.baseline_warmup->windows == 7);
  CHECK(r.suppress->length.text == "1h");
  CHECK(r.suppress->keys.at(0).name == "user.id");
  CHECK(r.new_terms->field.name == "server.address");
  CHECK(r.new_terms->keys.at(0).name == "service.name");
  CHECK(r.new_terms->horizon.text == "30d");
}

TEST_CASE("syntax state: sequence steps with repeat, absence, per-step keys, bindings and until") {
  const Parsed p = parse(
      "rule r {\n  sequence by session.id within 10m {\n"
      "    a: prompt where prompt.text contains \"x\" bind d = prompt.hash, e = user.id\n"
      "    b[3]: retrieval by user.id where retrieval.query contains @d and x == 1\n"
      "    c[2..]: agent_action where tool.name == @e\n"
      "    d[1..4]: agent_action where is_bad\n"
      "    !e: audit where audit.action == \"x\"\n"
      "  } until audit by user.id where audit.action == \"revoke\"\n}\n");
  REQUIRE(p.diagnostics.all().empty());
  const SequenceStmt& s = *p.file.rules.at(0).sequence;
  CHECK(s.keys.at(0).name == "session.id");
  CHECK(s.within.text == "10m");
  REQUIRE(s.steps.size() == 5);
  CHECK(s.steps[0].binds.size() == 2);
  CHECK(s.steps[0].binds[1].field.name == "user.id");
  CHECK_FALSE(s.steps[0].repeat);
  CHECK(s.steps[1].repeat->min == 3);
  CHECK(s.steps[1].repeat->max == 3);
  CHECK(s.steps[1].key->name == "user.id");
  REQUIRE(s.steps[1].where->kind == Expr::Kind::and_);
  const FieldCondition& bound = *s.steps[1].where->children[0].field;
  CHECK(bound.values.at(0).kind == ValueExpr::Kind::binding);
  CHECK(bound.values.at(0).text == "d");
  CHECK(s.steps[2].repeat->unbounded);
  CHECK(s.steps[3].repeat->max == 4);
  CHECK(s.steps[3].where->kind == Expr::Kind::ref);
  CHECK(s.steps[4].absent);
  REQUIRE(s.until);
  CHECK(s.until->kind.name == "audit");
  CHECK(s.until->key->name == "user.id");
}

TEST_CASE("syntax state: errors inside state statements are positioned and recovery goes on") {
  const Parsed p = parse(
      "rule a {\n  window 5m by\n}\n"
      "rule b {\n  sequence within 1m {\n    x: prompt prompt.text == \"\"\n  }\n}\n"
      "rule c {\n  having (n > 1\n}\n"
      "rule good {\n  window 5m\n  having n > 1\n}\n");
  CHECK(p.diagnostics.error_count() == 3);
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].id.name == "good");
}

TEST_CASE("syntax state: `test` and `expect` stay reserved; state words are not condition operands") {
  CHECK(parse("rule r { test \"x\" { } }\n").diagnostics.all().at(0).code == "E-NOT-YET-SUPPORTED");
  CHECK(parse("rule r { condition a and window }\n").diagnostics.all().at(0).code == "E-SYNTAX");
  CHECK(parse("window 5m\n").diagnostics.all().at(0).code == "E-SYNTAX");
  // A field path may still contain the words.
  CHECK(parse("rule r { condition x.within == 1 and by.y == 2 }\n").diagnostics.all().empty());
}

TEST_CASE("syntax state: deeply nested having parentheses are bounded") {
  std::string deep = "rule r {\n  having ";
  for (int i = 0; i < 200; ++i) deep += "(";
  deep += "n > 1";
  for (int i = 0; i < 200; ++i) deep += ")";
  const Parsed p = parse(deep + "\n}\n");
  REQUIRE_FALSE(p.diagnostics.all().empty());
  CHECK(p.diagnostics.all()[0].code == "E-TOO-DEEP");
}
