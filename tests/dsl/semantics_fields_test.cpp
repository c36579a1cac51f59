// Semantic matrix, fields: field(...) comparisons between two fields of one event, open fields
// (tool.arguments and paths below it), extra fields opted in with `fields`.
#include <doctest/doctest.h>

#include "dsl/semantics_support.hpp"

using namespace sigil::dsl::semantics;

namespace {

std::string audit(const std::string& fields) { return event("audit", fields); }
std::string usage(const std::string& in, const std::string& out) {
  return event("token_usage", "\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}");
}
std::string args(const std::string& arguments_json) {
  return event("agent_action", "\"tool\":{\"name\":\"t\",\"arguments\":" + arguments_json + "}");
}

}  // namespace

TEST_CASE("field(...) on strings: == and != between two fields, case-insensitive unless cased") {
  Rules rules(one("self", "audit", "user.id == field(target.user.id)") +
              one("self_cased", "audit", "user.id == cased field(target.user.id)") +
              one("other", "audit", "user.id != field(target.user.id)"));
  std::string same = audit(R"("user.id":"alice","target.user.id":"alice")");
  std::string same_case = audit(R"("user.id":"alice","target.user.id":"ALICE")");
  std::string different = audit(R"("user.id":"alice","target.user.id":"bob")");
  CHECK(rules.fires("self", same));
  CHECK(rules.fires("self", same_case));
  CHECK_FALSE(rules.fires("self", different));
  CHECK(rules.fires("self_cased", same));
  CHECK_FALSE(rules.fires("self_cased", same_case));
  CHECK(rules.fires("other", different));
  CHECK_FALSE(rules.fires("other", same));
  CHECK_FALSE(rules.fires("other", same_case));
}

TEST_CASE("field(...) with the other field absent: neither == nor != holds (nothing to compare)") {
  Rules rules(one("self", "audit", "user.id == field(target.user.id)") +
              one("other", "audit", "user.id != field(target.user.id)") +
              one("lt", "token_usage", "usage.input_tokens < field(usage.cost_usd)"));
  CHECK_FALSE(rules.fires("self", audit(R"("user.id":"alice")")));
  CHECK_FALSE(rules.fires("other", audit(R"("user.id":"alice")")));
  CHECK_FALSE(rules.fires("lt", usage("1", "1")));
  CHECK(rules.fires("lt", event("token_usage", R"("usage":{"input_tokens":1,"output_tokens":1,"cost_usd":1.5})")));
}

TEST_CASE("field(...) on numbers: < <= > >= == between two integer fields") {
  Rules rules(one("lt", "token_usage", "usage.input_tokens < field(usage.output_tokens)") +
              one("le", "token_usage", "usage.input_tokens <= field(usage.output_tokens)") +
              one("gt", "token_usage", "usage.output_tokens > field(usage.input_tokens)") +
              one("eq", "token_usage", "usage.output_tokens == field(usage.input_tokens)") +
              one("cost", "token_usage", "usage.cost_usd > field(usage.input_tokens)"));
  CHECK(rules.fires("lt", usage("1", "2")));
  CHECK_FALSE(rules.fires("lt", usage("2", "2")));
  CHECK_FALSE(rules.fires("lt", usage("3", "2")));
  CHECK(rules.fires("le", usage("2", "2")));
  CHECK_FALSE(rules.fires("le", usage("3", "2")));
  CHECK(rules.fires("gt", usage("1", "2")));
  CHECK_FALSE(rules.fires("gt", usage("2", "2")));
  CHECK(rules.fires("eq", usage("7", "7")));
  CHECK_FALSE(rules.fires("eq", usage("7", "8")));
  // An integer field against a number field: 2.5 > 2, 2.0 is not > 2.
  CHECK(rules.fires("cost", event("token_usage", R"("usage":{"input_tokens":2,"output_tokens":1,"cost_usd":2.5})")));
  CHECK_FALSE(rules.fires("cost", event("token_usage", R"("usage":{"input_tokens":2,"output_tokens":1,"cost_usd":2.0})")));
  CHECK_FALSE(rules.fires("cost", usage("2", "1")));  // cost_usd absent
}

TEST_CASE("open fields: paths below tool.arguments when it is an object") {
  Rules rules(one("to", "agent_action", "tool.arguments.to endswith \"@evil.test\"") +
              one("nested", "agent_action", "tool.arguments.attachments.name endswith \".pdf\"") +
              one("count", "agent_action", "tool.arguments.count > 5") +
              one("flag", "agent_action", "tool.arguments.force == true") +
              one("role", "audit", "audit.changes.role == \"admin\""));
  CHECK(rules.fires("to", args(R"({"to":"x@EVIL.test","subject":"hi"})")));
  CHECK_FALSE(rules.fires("to", args(R"({"to":"x@good.test"})")));
  CHECK_FALSE(rules.fires("to", args(R"({"cc":"x@evil.test"})")));
  CHECK_FALSE(rules.fires("to", args(R"("to x@evil.test")")));  // a string argument has no sub-paths
  CHECK(rules.fires("to", event("agent_action", R"("tool.arguments.to":"a@evil.test")")));  // flat key
  CHECK(rules.fires("nested", args(R"({"attachments":[{"name":"a.txt"},{"name":"b.PDF"}]})")));
  CHECK_FALSE(rules.fires("nested", args(R"({"attachments":[{"name":"a.txt"}]})")));
  CHECK(rules.fires("count", args(R"({"count":6})")));
  CHECK_FALSE(rules.fires("count", args(R"({"count":5})")));
  CHECK_FALSE(rules.fires("count", args(R"({"count":"6"})")));  // a string is not a number
  CHECK(rules.fires("flag", args(R"({"force":true})")));
  CHECK_FALSE(rules.fires("flag", args(R"({"force":false})")));
  CHECK(rules.fires("role", event("audit", R"("audit":{"action":"role.change","changes":{"role":"Admin"}})")));
  CHECK_FALSE(rules.fires("role", event("audit", R"("audit":{"action":"role.change","changes":{"role":"reader"}})")));
}

TEST_CASE("open fields: `tool.arguments contains` reads the raw JSON text of an object, or the string") {
  Rules rules(one("raw", "agent_action", "tool.arguments contains \"rm -rf\"") +
              one("key", "agent_action", "tool.arguments contains \"\\\"cmd\\\":\"") +
              one("eq", "agent_action", "tool.arguments == \"ls\""));
  CHECK(rules.fires("raw", args(R"({"cmd":"sudo RM -RF /"})")));
  CHECK(rules.fires("raw", args(R"("sudo rm -rf /")")));
  CHECK(rules.fires("raw", args(R"({"steps":[{"cmd":"rm -rf /tmp"}]})")));
  CHECK_FALSE(rules.fires("raw", args(R"({"cmd":"ls"})")));
  CHECK_FALSE(rules.fires("raw", args(R"("rm -r")")));
  // The raw text includes keys and JSON punctuation exactly as sent.
  CHECK(rules.fires("key", args(R"({"cmd":"ls"})")));
  CHECK_FALSE(rules.fires("key", args(R"({"cmd" : "ls"})")));
  CHECK_FALSE(rules.fires("key", args(R"("cmd")")));
  CHECK(rules.fires("eq", args(R"("LS")")));
  CHECK_FALSE(rules.fires("eq", args(R"({"x":"ls"})")));
}

TEST_CASE("extra fields opted in with `fields`: nested and flat spellings, strings and numbers") {
  Rules rules(rule("tenant", "prompt", "  fields x_custom.tenant\n  selection s { x_custom.tenant == \"acme\" }") +
              rule("below", "prompt", "  fields x_custom\n  selection s { x_custom.region startswith \"eu-\" }") +
              rule("level", "prompt", "  fields x_custom.level\n  selection s { x_custom.level >= 3 }") +
              rule("nt", "prompt", "  fields x_custom.tenant\n  selection s { x_custom.tenant not exists }"));
  CHECK(rules.fires("tenant", event("prompt", R"("x_custom":{"tenant":"ACME"})")));
  CHECK(rules.fires("tenant", event("prompt", R"("x_custom.tenant":"acme")")));
  CHECK_FALSE(rules.fires("tenant", event("prompt", R"("x_custom":{"tenant":"acme-2"})")));
  CHECK_FALSE(rules.fires("tenant", event("prompt")));
  CHECK(rules.fires("below", event("prompt", R"("x_custom":{"region":"eu-west-1"})")));
  CHECK_FALSE(rules.fires("below", event("prompt", R"("x_custom":{"region":"us-east-1"})")));
  CHECK(rules.fires("level", event("prompt", R"("x_custom":{"level":3})")));
  CHECK(rules.fires("level", event("prompt", R"("x_custom":{"level":3.5})")));
  CHECK_FALSE(rules.fires("level", event("prompt", R"("x_custom":{"level":2})")));
  CHECK_FALSE(rules.fires("level", event("prompt", R"("x_custom":{"level":"3"})")));
  CHECK(rules.fires("nt", event("prompt")));
  CHECK_FALSE(rules.fires("nt", event("prompt", R"("x_custom":{"tenant":"acme"})")));
}
