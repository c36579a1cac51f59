// What the checker hands to the compiler for stateful rules: CheckedStateful's shape.
#include <doctest/doctest.h>

#include "dsl/check/checked_stateful.hpp"
#include "dsl/check_support.hpp"

using namespace sigil::dsl::check;
using sigil::dsl::check::testing::check_text;
using sigil::dsl::check::testing::rule_text;

namespace {
constexpr DurationNs kMinute = 60'000'000'000;
}

TEST_CASE("check state: a stateless rule has no stateful part; suppress alone makes one") {
  auto plain = check_text(rule_text("r", "prompt", "  selection s { prompt.text contains \"x\" }"));
  CHECK(plain.rule("r").stateful == nullptr);
  auto quiet = check_text(rule_text("r", "prompt", "  selection s { prompt.text contains \"x\" }\n  suppress 15m"));
  REQUIRE(quiet.rule("r").stateful);
  CHECK_FALSE(quiet.rule("r").stateful->is_stateful());
  CHECK(quiet.rule("r").stateful->suppress->length == 15 * kMinute);
  CHECK(quiet.rule("r").stateful->suppress->keys.empty());
}

TEST_CASE("check state: window, aggregates and having resolve to indices and nanoseconds") {
  auto checked = check_text(rule_text("r", "token_usage",
                                      "  window tumbling 5m by session.id\n"
                                      "  aggregate total = sum(usage.total_tokens), n = count()\n"
                                      "  having total > 3 * baseline(total, 1h) and not n < 2\n"
                                      "  baseline warmup 4"));
  REQUIRE(checked.codes().empty());
  const CheckedRule& rule = checked.rule("r");
  CHECK(rule.condition.kind == CheckedExpr::Kind::and_);  // no selection: every event enters
  CHECK(rule.condition.children.empty());
  const CheckedStateful& s = *rule.stateful;
  CHECK(s.is_stateful());
  CHECK(s.window->tumbling);
  CHECK(s.window->length == 5 * kMinute);
  CHECK(s.window->keys.at(0).path == "session.id");
  REQUIRE(s.aggregates.size() == 2);
  CHECK(s.aggregates[0].fn == AggregateFn::sum);
  CHECK(s.aggregates[0].field->path == "usage.total_tokens");
  CHECK_FALSE(s.aggregates[1].field);
  CHECK(s.baseline_warmup == 4);
  const CheckedHaving& h = *s.having;
  REQUIRE(h.kind == CheckedHaving::Kind::and_);
  const CheckedHaving& cmp = h.children.at(0);
  CHECK(cmp.op == Op::gt);
  CHECK(cmp.operands.at(0).kind == CheckedArith::Kind::aggregate);
  CHECK(cmp.operands[0].aggregate == 0);
  const CheckedArith& mul = cmp.operands.at(1);
  REQUIRE(mul.kind == CheckedArith::Kind::mul);
  CHECK(mul.children.at(0).number == 3);
  CHECK(mul.children.at(1).kind == CheckedArith::Kind::baseline);
  CHECK(mul.children[1].horizon == 60 * kMinute);
  CHECK(h.children.at(1).kind == CheckedHaving::Kind::not_);
  CHECK(h.children[1].children.at(0).operands.at(0).aggregate == 1);
}

TEST_CASE("check state: a sequence's kinds, steps, repeats, bindings and bound tests") {
  auto checked = check_text(
      "rule r {\n  title \"t\"\n  severity low\n  atlas none \"x\"\n"
      "  sequence by session.id within 10m {\n"
      "    !warned: guardrail where guardrail.decision == \"block\"\n"
      "    fetch: retrieval where retrieval.query contains \"x\" bind doc = retrieval.documents.id\n"
      "    act[2..]: agent_action where tool.name == \"send_email\" and tool.arguments not contains cased @doc\n"
      "    only: agent_action where tool.arguments == @doc\n"
      "  } until audit where audit.action == \"revoke\"\n}\n");
  REQUIRE(checked.codes().empty());
  const CheckedRule& rule = checked.rule("r");
  const CheckedSequence& s = *rule.stateful->sequence;
  CHECK(s.within == 10 * kMinute);
  CHECK(s.keys.at(0).path == "session.id");
  REQUIRE(s.steps.size() == 4);
  CHECK(s.steps[0].absent);
  CHECK(s.steps[1].binds == std::vector<std::size_t>{0});
  REQUIRE(s.bindings.size() == 1);
  CHECK(s.bindings[0].name == "doc");
  CHECK(s.bindings[0].field.path == "retrieval.documents.id");
  CHECK(s.steps[2].min_repeat == 2);
  CHECK(s.steps[2].max_repeat == 0);
  REQUIRE(s.steps[2].bound_tests.size() == 1);
  const CheckedBoundTest& t = s.steps[2].bound_tests[0];
  CHECK(t.op == Op::contains);
  CHECK(t.negated);
  CHECK(t.cased);
  CHECK(t.binding == 0);
  CHECK(s.steps[2].condition.kind == CheckedExpr::Kind::predicate);  // the rest of the AND
  CHECK(s.steps[3].condition.kind == CheckedExpr::Kind::and_);       // only a bound test: true
  CHECK(s.steps[3].condition.children.empty());
  REQUIRE(s.until);
  CHECK(rule.kinds == (sigil::kind_bit(sigil::Kind::guardrail) | sigil::kind_bit(sigil::Kind::retrieval) | sigil::kind_bit(sigil::Kind::agent_action) |
                       sigil::kind_bit(sigil::Kind::audit)));
  CHECK(rule.condition.kind == CheckedExpr::Kind::and_);
  CHECK(rule.condition.children.empty());
}

TEST_CASE("check state: durations and limits") {
  CHECK(check_text(rule_text("r", "prompt", "  new prompt.hash within 30d")).codes().empty());
  CHECK(check_text(rule_text("r", "prompt", "  new prompt.hash within 721h")).codes() ==
        std::vector<std::string>{"E-STATE-TOO-LARGE"});
  CHECK(check_text(rule_text("r", "prompt", "  new prompt.hash within 250ms")).rule("r").stateful->new_terms->horizon ==
        250'000'000);
  CHECK(check_text(rule_text("r", "prompt", "  new prompt.hash within 5w")).codes() ==
        std::vector<std::string>{"E-BAD-DURATION"});
}
