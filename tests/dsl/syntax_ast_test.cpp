// The shape of the syntax tree: precedence, flattening, negation, modifiers, values, and every
// kind of declaration.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "dsl/syntax/parser.hpp"

namespace {

using namespace sigil::dsl;
using namespace sigil::dsl::syntax;

struct Parsed {
  SourceFiles files;
  Diagnostics diagnostics;
  File file;
  std::string errors() const {
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) out += render_text(d, files);
    return out;
  }
};

Parsed parse(std::string text) {
  Parsed p;
  const auto index = p.files.add("<test>", std::move(text));
  p.file = parse_file(p.files, index, p.diagnostics);
  return p;
}

// The condition of the only rule of `body` (wrapped in a rule), as an S-expression.
std::string show(const Expr& e);
std::string show(const FieldCondition& c) {
  static const char* ops[] = {"==", "!=", "<", "<=", ">", ">=", "in", "between", "contains",
                              "startswith", "endswith", "re", "cidr", "exists"};
  std::string out = fmt::format("[{}{} {}", c.field.name, c.negated ? " not" : "", ops[static_cast<int>(c.op)]);
  if (c.modifiers.cased) out += " cased";
  if (c.modifiers.base64) out += " base64";
  if (c.modifiers.base64offset) out += " base64offset";
  if (c.quantifier == Quantifier::any) out += " any";
  if (c.quantifier == Quantifier::all) out += " all";
  for (const ValueExpr& v : c.values) {
    switch (v.kind) {
      case ValueExpr::Kind::string: out += fmt::format(" \"{}\"", v.text); break;
      case ValueExpr::Kind::number: out += v.is_integer ? fmt::format(" {}", v.integer) : fmt::format(" {}f", v.number); break;
      case ValueExpr::Kind::boolean: out += v.boolean ? " true" : " false"; break;
      case ValueExpr::Kind::null: out += " null"; break;
      case ValueExpr::Kind::list: out += fmt::format(" list{}", v.items.size()); break;
      case ValueExpr::Kind::list_ref: out += " $" + v.text; break;
      case ValueExpr::Kind::field_ref: out += " field(" + v.text + ")"; break;
      case ValueExpr::Kind::binding: out += " @" + v.text; break;
    }
  }
  return out + "]";
}
std::string show(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::ref: return e.ref.name;
    case Expr::Kind::of: return fmt::format("({} of {})", e.of_all ? "all" : "1", e.ref.name);
    case Expr::Kind::field: return show(*e.field);
    case Expr::Kind::not_: return "(not " + show(e.children.at(0)) + ")";
    case Expr::Kind::and_:
    case Expr::Kind::or_: {
      std::string out = e.kind == Expr::Kind::and_ ? "(and" : "(or";
      for (const Expr& child : e.children) out += " " + show(child);
      return out + ")";
    }
  }
  return "?";
}

std::string condition_of(const std::string& condition) {
  const Parsed p = parse("rule r {\n  condition " + condition + "\n}\n");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  REQUIRE(p.file.rules.size() == 1);
  REQUIRE(p.file.rules[0].condition.has_value());
  return show(*p.file.rules[0].condition);
}

FieldCondition line_of(const std::string& line) {
  const Parsed p = parse("rule r {\n  selection s { " + line + " }\n}\n");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  return p.file.rules.at(0).selections.at(0).alternatives.at(0).at(0);
}

}  // namespace

TEST_CASE("syntax: or binds looser than and, and not binds tightest") {
  CHECK(condition_of("a or b and not c") == "(or a (and b (not c)))");
  CHECK(condition_of("(a or b) and not c") == "(and (or a b) (not c))");
  CHECK(condition_of("not not a") == "(not (not a))");
}

TEST_CASE("syntax: chains of one operator become one node") {
  CHECK(condition_of("a and b and c") == "(and a b c)");
  CHECK(condition_of("a or b or c or d") == "(or a b c d)");
  CHECK(condition_of("a and b or c and d and e") == "(or (and a b) (and c d e))");
  CHECK(condition_of("single") == "single");
}

TEST_CASE("syntax: x of patterns and them") {
  CHECK(condition_of("1 of sel_* and all of them") == "(and (1 of sel_*) (all of them))");
  CHECK(condition_of("all of filter_? or 1 of them") == "(or (all of filter_?) (1 of them))");
}

TEST_CASE("syntax: a name followed by an operator is an inline field condition") {
  CHECK(condition_of("sel and user.id == \"u1\"") == "(and sel [user.id == \"u1\"])");
  CHECK(condition_of("not tool.name in $egress") == "(not [tool.name in $egress])");
  CHECK(condition_of("x not exists or y exists") == "(or [x not exists] [y exists])");
}

TEST_CASE("syntax: operators, negation, modifiers and quantifiers") {
  CHECK(show(line_of("prompt.text not contains cased any [\"a\", \"b\"]")) ==
        "[prompt.text not contains cased any list2]");
  CHECK(show(line_of("a contains base64offset all [\"x\"]")) == "[a contains base64offset all list1]");
  CHECK(show(line_of("a contains base64 \"x\"")) == "[a contains base64 \"x\"]");
  CHECK(show(line_of("n between 1 .. 5")) == "[n between 1 5]");
  CHECK(show(line_of("n between 0.5..2")) == "[n between 0.5f 2]");
  CHECK(show(line_of("source.ip cidr \"10.0.0.0/8\"")) == "[source.ip cidr \"10.0.0.0/8\"]");
  CHECK(show(line_of("a != null")) == "[a != null]");
  CHECK(show(line_of("a == false")) == "[a == false]");
  CHECK(show(line_of("a <= -3")) == "[a <= -3]");
  CHECK(show(line_of("a > 1.5e3")) == "[a > 1500f]");
  CHECK(show(line_of("a re \"^x\\\\d+$\"")) == "[a re \"^x\\d+$\"]");
  CHECK(show(line_of("a startswith \"x\"")) == "[a startswith \"x\"]");
  CHECK(show(line_of("a endswith all [\"x\"]")) == "[a endswith all list1]");
  CHECK(show(line_of("user.id != field(agent.owner)")) == "[user.id != field(agent.owner)]");
}

TEST_CASE("syntax: a field condition records its spans") {
  const FieldCondition c = line_of("prompt.text not contains cased \"x\"");
  // "rule r {\n  selection s { " puts the path at line 2, column 17.
  CHECK(c.field.span.line == 2);
  CHECK(c.field.span.column == 17);
  CHECK(c.field.span.length == 11);
  CHECK(c.op_span.column == 33);
  CHECK(c.op_span.length == 8);
  CHECK(c.modifiers.span.column == 42);
  CHECK(c.span.column == 17);
  CHECK(c.span.length == std::string("prompt.text not contains cased \"x\"").size());
  CHECK(c.values.at(0).span.column == 48);
}

TEST_CASE("syntax: lists may span lines, hold comments and end with a comma") {
  const Parsed p = parse("list tools = [\n  \"a\",   # first\n  \"b\",\n  3,\n]\n");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  REQUIRE(p.file.lists.size() == 1);
  CHECK(p.file.lists[0].name.name == "tools");
  CHECK(p.file.lists[0].mode == OverrideMode::define);
  REQUIRE(p.file.lists[0].items.size() == 3);
  CHECK(p.file.lists[0].items[1].text == "b");
  CHECK(p.file.lists[0].items[2].integer == 3);
}

TEST_CASE("syntax: lists and macros in their three override modes") {
  const Parsed p = parse(
      "list l = [\"a\"]\nlist l append [\"b\"]\nlist l replace []\n"
      "macro m = a.b == 1\nmacro m append x exists\nmacro m replace not c and d\n");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  REQUIRE(p.file.lists.size() == 3);
  CHECK(p.file.lists[1].mode == OverrideMode::append);
  CHECK(p.file.lists[2].mode == OverrideMode::replace);
  CHECK(p.file.lists[2].items.empty());
  REQUIRE(p.file.macros.size() == 3);
  CHECK(p.file.macros[0].mode == OverrideMode::define);
  CHECK(show(p.file.macros[0].body) == "[a.b == 1]");
  CHECK(p.file.macros[1].mode == OverrideMode::append);
  CHECK(p.file.macros[2].mode == OverrideMode::replace);
  CHECK(show(p.file.macros[2].body) == "(and (not c) d)");
}

TEST_CASE("syntax: exceptions with a name and alternatives; settings") {
  const Parsed p = parse(
      "exception prompt_* {\n  name \"red team\"\n  user.roles contains \"redteam\"\n  session.id startswith \"rt-\"\n}"
      " or { user.id in $testers }\nset timezone \"Europe/Paris\"\nset max.alerts 10\n");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  REQUIRE(p.file.exceptions.size() == 1);
  const ExceptionDecl& e = p.file.exceptions[0];
  CHECK(e.rule_pattern.name == "prompt_*");
  REQUIRE(e.name.has_value());
  CHECK(e.name->value == "red team");
  REQUIRE(e.alternatives.size() == 2);
  CHECK(e.alternatives[0].size() == 2);
  CHECK(show(e.alternatives[1][0]) == "[user.id in $testers]");
  REQUIRE(p.file.settings.size() == 2);
  CHECK(p.file.settings[0].key.name == "timezone");
  CHECK(p.file.settings[0].value.text == "Europe/Paris");
  CHECK(p.file.settings[1].key.name == "max.alerts");
  CHECK(p.file.settings[1].value.integer == 10);
}

TEST_CASE("syntax: every rule statement fills its member") {
  const Parsed p = parse(R"(rule full {
  title "T"  description "D"  author "A"
  severity high  status experimental
  references ["https://x", "https://y",]
  falsepositives "red team drills"
  tags owasp.llm01, "free text", attack-x.y
  atlas AML.T0051.000, AML.T0054
  on prompt, model_response
  fields x_custom.tenant, x_custom.region
  selection phrase { prompt.text contains any $phrases, prompt.risk_score >= 0.8 }
  filter redteam { user.roles contains "redteam" } or { user.id == "u" }
  condition phrase and not redteam
  output "from {user.id}"
}
rule none { atlas none "not an ATLAS technique" }
)");
  INFO(p.errors());
  REQUIRE(p.diagnostics.all().empty());
  REQUIRE(p.file.rules.size() == 2);
  const Rule& r = p.file.rules[0];
  CHECK(r.id.name == "full");
  CHECK(r.title->value == "T");
  CHECK(r.description->value == "D");
  CHECK(r.author->value == "A");
  CHECK(r.severity->name == "high");
  CHECK(r.status->name == "experimental");
  CHECK(r.references.size() == 2);
  REQUIRE(r.falsepositives.size() == 1);
  REQUIRE(r.tags.size() == 3);
  CHECK(r.tags[1].name == "free text");
  CHECK(r.tags[2].name == "attack-x.y");
  REQUIRE(r.atlas.size() == 2);
  CHECK(r.atlas[0].name == "AML.T0051.000");
  CHECK(r.kinds.size() == 2);
  CHECK(r.extra_fields.size() == 2);
  REQUIRE(r.selections.size() == 2);
  CHECK_FALSE(r.selections[0].is_filter);
  CHECK(r.selections[0].alternatives.at(0).size() == 2);
  CHECK(r.selections[1].is_filter);
  CHECK(r.selections[1].alternatives.size() == 2);
  CHECK(show(*r.condition) == "(and phrase (not redteam))");
  CHECK(r.condition_span.line == 12);
  CHECK(r.output->value == "from {user.id}");
  CHECK(r.span.line == 1);
  CHECK(p.file.rules[1].no_atlas_reason->value == "not an ATLAS technique");
}

TEST_CASE("syntax: string escapes and numbers") {
  const FieldCondition c = line_of(R"(a in ["q\"b\\s\n\t", "\u00e9\uD83D\uDE00", 9223372036854775807, -0.25])");
  REQUIRE(c.values.at(0).items.size() == 4);
  CHECK(c.values[0].items[0].text == "q\"b\\s\n\t");
  CHECK(c.values[0].items[1].text == "\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(c.values[0].items[2].integer == 9223372036854775807LL);
  CHECK_FALSE(c.values[0].items[3].is_integer);
  CHECK(c.values[0].items[3].number == doctest::Approx(-0.25));
}

TEST_CASE("syntax: a repeated metadata statement is reported with the first one") {
  const Parsed p = parse("rule r {\n  title \"a\"\n  title \"b\"\n}\n");
  REQUIRE(p.diagnostics.all().size() == 1);
  const Diagnostic& d = p.diagnostics.all()[0];
  CHECK(d.code == "E-DUPLICATE-METADATA");
  CHECK(d.span.line == 3);
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].span.line == 2);
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].title->value == "a");  // the first one stays
}

TEST_CASE("syntax: after an error the parser goes on at the next declaration") {
  const Parsed p = parse(
      "rule bad1 {\n  title 5\n}\n"
      "rule good1 { condition a }\n"
      "rule bad2 {\n  selection s { x equals 1 }\n}\n"
      "rule bad3 {\n  condition (a\n"
      "rule good2 {\n  condition b\n}\n");
  CHECK(p.diagnostics.error_count() == 3);
  REQUIRE(p.file.rules.size() == 2);
  CHECK(p.file.rules[0].id.name == "good1");
  CHECK(p.file.rules[1].id.name == "good2");
}
