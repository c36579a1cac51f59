// What the checker hands to the compiler: the shape of CheckedRule for rules that check cleanly.
#include <doctest/doctest.h>

#include <algorithm>

#include "atlas/atlas_catalog.hpp"
#include "dsl/check/glob.hpp"
#include "dsl/check/closest_name.hpp"
#include "dsl/check_support.hpp"

using namespace sigil::dsl::check;
using sigil::dsl::check::testing::check_text;
using sigil::dsl::check::testing::check_texts;
using sigil::dsl::check::testing::rule_text;

TEST_CASE("list append and replace reach the predicate as typed constants, in load order") {
  auto checked = check_texts({{"a.sigil", "list tools = [\"send_email\"]\nlist hosts = [\"a\"]\n"},
                              {"b.sigil", "list tools append [\"upload_file\"]\nlist hosts replace [\"b\", 3]\n" +
                                              rule_text("r", "agent_action", "  selection s { tool.name in $tools }")},
                              {"c.sigil", rule_text("q", "api_call", "  selection s { url.full != $hosts }")}});
  CHECK(checked.codes() == std::vector<std::string>{"E-TYPE-MISMATCH"});  // 3 is no string
  const CheckedPredicate& p = checked.rule("r").selections.at(0).alternatives.at(0).at(0);
  REQUIRE(p.values.size() == 2);
  CHECK(p.values[0].text == "send_email");
  CHECK(p.values[1].text == "upload_file");
  CHECK(p.field.kind == FieldRef::Kind::contract);
  CHECK(p.field.spec->path == "tool.name");
}

TEST_CASE("macro append ORs the bodies; macros expand inline in the condition") {
  auto checked = check_text("macro m = user.id == \"a\"\nmacro m append user.id == \"b\"\n" +
                            rule_text("r", "prompt", "  selection s { prompt.text exists }\n  condition s and not m"));
  REQUIRE(checked.diagnostics.all().empty());
  const CheckedExpr& condition = checked.rule("r").condition;
  REQUIRE(condition.kind == CheckedExpr::Kind::and_);
  CHECK(condition.children[0].kind == CheckedExpr::Kind::selection);
  const CheckedExpr& negated = condition.children[1];
  REQUIRE(negated.kind == CheckedExpr::Kind::not_);
  const CheckedExpr& either = negated.children.at(0);
  REQUIRE(either.kind == CheckedExpr::Kind::or_);
  CHECK(either.children.at(1).predicate->values.at(0).text == "b");
}

TEST_CASE("`1 of sel_*` expands to the matching selections; `all of them` skips filters") {
  auto checked = check_text(rule_text("r", "prompt",
                                      "  selection sel_a { prompt.text exists }\n"
                                      "  selection sel_b { prompt.risk_score > 0.5 }\n"
                                      "  filter f { user.id == \"x\" }\n"
                                      "  condition (1 of sel_* or all of them) and not f"));
  REQUIRE(checked.diagnostics.all().empty());
  const CheckedExpr& either = checked.rule("r").condition.children.at(0);
  REQUIRE(either.kind == CheckedExpr::Kind::or_);
  const CheckedExpr& one_of = either.children.at(0);
  REQUIRE(one_of.kind == CheckedExpr::Kind::or_);
  CHECK(one_of.children.at(0).selection == 0);
  CHECK(one_of.children.at(1).selection == 1);
  CHECK(either.children.at(1).kind == CheckedExpr::Kind::and_);
  CHECK(either.children.at(1).children.size() == 2);
}

TEST_CASE("one selection and no condition: the selection is the condition") {
  auto checked = check_text(rule_text("r", "prompt", "  selection only { prompt.text exists }"));
  REQUIRE(checked.diagnostics.all().empty());
  CHECK(checked.rule("r").condition.kind == CheckedExpr::Kind::selection);
  CHECK(checked.rule("r").condition.selection == 0);
}

TEST_CASE("exceptions attach by glob, keep their name, and stay out of the condition") {
  auto checked = check_text(rule_text("prompt_a", "prompt", "  selection s { prompt.text exists }") +
                            rule_text("other", "prompt", "  selection s { prompt.text exists }") +
                            "exception prompt_* { name \"red team\" user.roles contains \"redteam\" }\n");
  REQUIRE(checked.diagnostics.all().empty());
  REQUIRE(checked.rule("prompt_a").exceptions.size() == 1);
  CHECK(checked.rule("prompt_a").exceptions[0].name == "red team");
  CHECK(checked.rule("prompt_a").exceptions[0].alternatives.at(0).at(0).field.repeated());
  CHECK(checked.rule("other").exceptions.empty());
}

TEST_CASE("metadata, kinds, atlas pointers, weekday names and output segments") {
  auto checked = check_text(
      "set timezone \"Europe/Paris\"\n"
      "rule r {\n  title \"T\"\n  severity critical\n  status stable\n  atlas AML.T0051.000, AML.T0086\n"
      "  on prompt, model_response\n  fields x_custom.tenant\n"
      "  selection s { time.weekday in [\"sat\", 7], x_custom.tenant.id == \"acme\" }\n"
      "  output \"{{x}} by {user.id}\"\n}\n");
  REQUIRE(checked.diagnostics.all().empty());
  const CheckedRule& rule = checked.rule("r");
  CHECK(checked.result.settings.timezone == "Europe/Paris");
  CHECK(rule.severity == RuleSeverity::critical);
  CHECK(rule.status == RuleStatus::stable);
  CHECK(rule.kinds == (sigil::kind_bit(sigil::Kind::prompt) | sigil::kind_bit(sigil::Kind::model_response)));
  REQUIRE(rule.atlas.size() == 2);
  CHECK(rule.atlas[0] == sigil::atlas::AtlasCatalog::builtin().find("AML.T0051.000"));
  const auto& weekday = rule.selections[0].alternatives[0][0];
  CHECK(weekday.field.kind == FieldRef::Kind::time_part);
  CHECK(weekday.values.at(0).integer == 6);
  CHECK(weekday.values.at(1).integer == 7);
  CHECK(rule.selections[0].alternatives[0][1].field.kind == FieldRef::Kind::extra);
  REQUIRE(rule.output.size() == 2);
  CHECK(rule.output[0].literal == "{x} by ");
  CHECK(rule.output[1].field.path == "user.id");
}

TEST_CASE("a rule with an error is left out of the result; the others stay") {
  auto checked = check_text(rule_text("bad", "prompt", "  selection s { prompt.txt exists }") +
                            rule_text("good", "prompt", "  selection s { prompt.text exists }"));
  CHECK(checked.codes() == std::vector<std::string>{"E-UNKNOWN-FIELD"});
  REQUIRE(checked.result.rules.size() == 1);
  CHECK(checked.result.rules[0].id == "good");
}

TEST_CASE("an error in a macro used by two rules is reported once") {
  auto checked = check_text("macro m = prompt.txt exists\n" +
                            rule_text("a", "prompt", "  selection s { prompt.text exists }\n  condition s and m") +
                            rule_text("b", "prompt", "  selection s { prompt.text exists }\n  condition s and m"));
  CHECK(checked.codes() == std::vector<std::string>{"E-UNKNOWN-FIELD"});
}

TEST_CASE("load_rules reads directories in sorted order and reports unreadable paths") {
  sigil::dsl::Diagnostics diagnostics;
  RuleSet set = load_rules({SIGIL_SOURCE_DIR "/tests/dsl/broken", SIGIL_SOURCE_DIR "/tests/dsl/no_such.sigil"}, {},
                           diagnostics);
  CHECK(set.files_parsed == 20);
  CHECK(set.rules_read == 19);
  CHECK(set.files.at(0).name.ends_with("01_unknown_field.sigil"));
  CHECK(set.files.at(19).name.ends_with("20_bad_time_part.sigil"));
  CHECK(std::count_if(diagnostics.all().begin(), diagnostics.all().end(),
                      [](const auto& d) { return d.code == "E-IO"; }) == 1);
  CHECK(diagnostics.warning_count() == 3);
}

TEST_CASE("--strict turns the warnings into errors") {
  sigil::dsl::Diagnostics diagnostics;
  load_rules({SIGIL_SOURCE_DIR "/tests/dsl/broken/08_no_atlas.sigil"}, {.strict = true}, diagnostics);
  CHECK(diagnostics.warning_count() == 0);
  CHECK(diagnostics.error_count() == 1);
}

TEST_CASE("glob and closest-name helpers") {
  CHECK(glob_match("prompt_*", "prompt_override"));
  CHECK(glob_match("*_x?", "a_xy"));
  CHECK_FALSE(glob_match("prompt_*", "retrieval_a"));
  CHECK_FALSE(glob_match("a?", "a"));
  std::vector<std::string_view> names = {"phrase", "scored"};
  CHECK(closest_name("phrse", names) == std::optional<std::string>("phrase"));
  CHECK_FALSE(closest_name("completely_else", names));
}
