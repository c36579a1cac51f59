// The compiler's structure: what is shared, bucketed, ordered and registered. What rules
// match is tested by the semantic matrix (semantics_*_test.cpp).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "dsl/syntax/parser.hpp"
#include "engine/eval/describe_graph.hpp"

using namespace sigil;
using namespace sigil::dsl;

namespace {

struct Compiled {
  std::unique_ptr<eval::RuleGraph> graph;
  CompileStats stats;
};

Compiled compile_text(const std::string& text) {
  SourceFiles files;
  files.add("<test>", text);
  Diagnostics diagnostics;
  std::vector<syntax::File> parsed{syntax::parse_file(files, 0, diagnostics)};
  check::CheckedFiles checked = check::check_files(parsed, files, diagnostics);
  std::string rendered;
  for (const Diagnostic& d : diagnostics.all()) rendered += render_text(d, files);
  INFO(rendered);
  REQUIRE_FALSE(diagnostics.has_errors());
  check::RuleSet rules;
  rules.rules = std::move(checked.rules);
  rules.settings = checked.settings;
  Compiled out;
  out.graph = compile_rules(rules, diagnostics, &out.stats);
  REQUIRE(out.graph != nullptr);
  return out;
}

std::string rule(const std::string& id, const std::string& on, const std::string& body) {
  return "rule " + id + " {\n  title \"t\"\n  severity low\n  atlas AML.T0051\n  on " + on + "\n" + body + "\n}\n";
}

}  // namespace

TEST_CASE("compile: an identical test in several rules is one predicate") {
  std::string text;
  for (int i = 0; i < 10; ++i)
    text += rule("r" + std::to_string(i), "prompt",
                 "  selection a { prompt.text contains \"ignore previous\" }\n"
                 "  selection b { prompt.risk_score >= 0." + std::to_string(i) + "1 }\n  condition a and b");
  Compiled c = compile_text(text);
  CHECK(c.stats.predicates_written == 20);
  CHECK(c.stats.predicates == 11);  // one shared contains + ten distinct thresholds
  CHECK(c.stats.patterns == 1);
}

TEST_CASE("compile: the literals of every rule on one field form one pattern set") {
  Compiled c = compile_text(rule("a", "prompt", "  selection s { prompt.text contains \"alpha\" }") +
                            rule("b", "prompt", "  selection s { prompt.text startswith \"beta\" }") +
                            rule("c", "prompt", "  selection s { prompt.text == \"gamma\" }") +
                            rule("d", "prompt", "  selection s { prompt.text re \"del+ta\" }") +
                            rule("e", "prompt", "  selection s { prompt.source == \"user\" }"));
  REQUIRE(c.graph->matchers.size() == 2);
  auto text_field = *c.graph->plan->find("prompt.text");
  const eval::FieldMatchers& m = c.graph->matchers[c.graph->matchers_of_field[text_field]];
  CHECK(m.literal_count == 3);
  CHECK(m.regex_count == 1);
  CHECK(m.literals != nullptr);
  CHECK(m.regexes != nullptr);
}

TEST_CASE("compile: base64offset gives one pattern id with three forms") {
  Compiled c = compile_text(rule("a", "prompt", "  selection s { prompt.text contains base64offset \"/bin/bash\" }"));
  CHECK(c.stats.patterns == 1);
  auto field = *c.graph->plan->find("prompt.text");
  CHECK(c.graph->matchers[c.graph->matchers_of_field[field]].literal_count == 3);
}

TEST_CASE("compile: rules are bucketed by the kinds they name") {
  Compiled c = compile_text(rule("p", "prompt", "  selection s { prompt.text contains \"x\" }") +
                            rule("both", "agent_action, api_call", "  selection s { session.id == \"x\" }"));
  CHECK(c.graph->buckets[static_cast<int>(Kind::prompt)] == std::vector<std::uint32_t>{0});
  CHECK(c.graph->buckets[static_cast<int>(Kind::agent_action)] == std::vector<std::uint32_t>{1});
  CHECK(c.graph->buckets[static_cast<int>(Kind::api_call)] == std::vector<std::uint32_t>{1});
  CHECK(c.graph->buckets[static_cast<int>(Kind::guardrail)].empty());
}

TEST_CASE("compile: and/or children are ordered cheap first") {
  Compiled c = compile_text(rule("r", "prompt",
                                 "  selection s {\n    prompt.text re \"a+b\"\n    prompt.text contains \"x\"\n"
                                 "    prompt.risk_score > 0.5\n  }"));
  const eval::RuleGraph& g = *c.graph;
  const eval::ExprNode& root = g.nodes[g.rules[0].root];
  REQUIRE(root.kind == eval::ExprNode::Kind::and_);
  REQUIRE(root.child_count == 3);
  std::vector<eval::Predicate::Kind> order;
  for (std::uint32_t i = 0; i < 3; ++i)
    order.push_back(g.predicates[g.nodes[g.children[root.first_child + i]].predicate].kind);
  CHECK(order == std::vector{eval::Predicate::Kind::numeric, eval::Predicate::Kind::patterns,
                             eval::Predicate::Kind::regexes});
}

TEST_CASE("compile: paths below open fields and opted-in extra fields are registered in the plan") {
  Compiled c = compile_text(rule("r", "agent_action",
                                 "  fields x_vendor.tenant\n"
                                 "  selection s {\n    tool.arguments.to endswith \"@evil.test\"\n"
                                 "    x_vendor.tenant == \"acme\"\n  }\n"
                                 "  output \"to {tool.arguments.to} tenant {x_vendor.tenant}\""));
  CHECK(c.graph->plan->find("tool.arguments.to").has_value());
  CHECK(c.graph->plan->find("x_vendor.tenant").has_value());
  const auto& segments = c.graph->rules[0].info.output.segments;
  REQUIRE(segments.size() == 4);
  CHECK(segments[1].field == *c.graph->plan->find("tool.arguments.to"));
}

TEST_CASE("compile: `!=` is the negation of `==` and shares its patterns") {
  Compiled c = compile_text(rule("a", "prompt", "  selection s { prompt.source == \"user\" }") +
                            rule("b", "prompt", "  selection s { prompt.source != \"user\" }"));
  CHECK(c.stats.patterns == 1);
  REQUIRE(c.graph->predicates.size() == 2);
  CHECK(c.graph->predicates[0].negated != c.graph->predicates[1].negated);
  CHECK(c.graph->predicates[0].ids == c.graph->predicates[1].ids);
}

TEST_CASE("compile: exceptions are ANDed as NOT into the root, kept apart from the condition") {
  Compiled c = compile_text(rule("prompt_x", "prompt", "  selection s { prompt.text contains \"x\" }") +
                            "exception prompt_* {\n  name \"lab\"\n  service.name == \"lab\"\n}\n");
  const eval::CompiledRule& r = c.graph->rules[0];
  CHECK(r.root != r.condition);
  REQUIRE(r.exceptions.size() == 1);
  CHECK(r.exceptions[0].first == "lab");
  CHECK(eval::describe_graph(*c.graph).find("not") != std::string::npos);
}

TEST_CASE("compile: 2,000 rules with distinct patterns compile, one pattern set per field") {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += rule("r" + std::to_string(i), "prompt",
                 "  selection s { prompt.text contains \"needle number " + std::to_string(i) + "\" }");
  Compiled c = compile_text(text);
  CHECK(c.stats.rules == 2000);
  CHECK(c.stats.patterns == 2000);
  CHECK(c.graph->matchers.size() == 1);
  MESSAGE("2,000 rules compiled in " << c.stats.seconds << " s");
}
