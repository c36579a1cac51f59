// Absent steps (`!name`): an absent last step fires when the span closes (end of input, or the
// watermark passing start + within); an absent middle step cancels; an absent first step
// ("not preceded by") suppresses starts within the span after it.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string unapproved_rule() {
  return rule("unapproved", "",
              "  sequence by session.id within 5m {\n"
              "    call: agent_action where tool.name == \"delete_records\"\n"
              "    !approve: agent_action where tool.approval.status == \"approved\"\n"
              "  }") +
         rule("marker", "prompt", "  selection m { prompt.text == \"marker\" }\n  condition m");
}

Ev call(std::int64_t at, const std::string& session = "s1") {
  return ev("agent_action", at, R"("tool.name":"delete_records")", session);
}
Ev approve(std::int64_t at, const std::string& session = "s1") {
  return ev("agent_action", at, R"("tool.name":"approve","tool.approval.status":"approved")", session);
}
Ev marker(std::int64_t at) { return prompt(at, "s-marker", "u-marker", "marker"); }

std::vector<std::string> rule_order(const RunResult& r) {
  std::vector<std::string> out;
  for (const Alert& a : r.alerts) out.push_back(a.rule);
  return out;
}

std::string middle_rule() {
  return rule("unreviewed", "",
              "  sequence by session.id within 10m {\n"
              "    inject: prompt where prompt.classification == \"prompt_injection\"\n"
              "    !review: audit where audit.action == \"config.change\"\n"
              "    act: agent_action where tool.name == \"send_email\"\n"
              "  }");
}

std::string first_rule() {
  return rule("unwarned", "",
              "  sequence by session.id within 10m {\n"
              "    !warned: audit where audit.action == \"policy.change\"\n"
              "    inject: prompt where prompt.classification == \"prompt_injection\"\n"
              "    act: agent_action where tool.name == \"send_email\"\n"
              "  }");
}

Ev inject(std::int64_t at) { return ev("prompt", at, R"("prompt.text":"x","prompt.classification":"prompt_injection")"); }
Ev send(std::int64_t at) { return ev("agent_action", at, R"("tool.name":"send_email")"); }
Ev audit(std::int64_t at, const std::string& action) { return ev("audit", at, R"("audit.action":")" + action + "\""); }

}  // namespace

TEST_CASE("absence: an absent last step fires at the end of input") {
  auto graph = compile(unapproved_rule());
  RunResult r = run(*graph, {call(0)});
  INFO(r.describe());
  REQUIRE(r.count("unapproved") == 1);
  CHECK(r.alerts[0].steps == "call -> !approve");
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1"});
}

TEST_CASE("absence: an absent last step fires when the watermark passes the span") {
  auto graph = compile(unapproved_rule());
  RunConfig one_per_batch;
  one_per_batch.max_records = 1;
  // Span [0, 5m]; lateness 30 s: closed once an event at 5m30s + 1ns has been seen.
  RunResult passed = run(*graph, {call(0), marker(5 * kMin + 30 * kSec + 1), marker(6 * kMin)}, one_per_batch);
  INFO(passed.describe());
  CHECK(rule_order(passed) == std::vector<std::string>{"marker", "unapproved", "marker"});
  // Not yet passed: the alert waits for the end of input.
  RunResult open = run(*graph, {call(0), marker(5 * kMin + 30 * kSec), marker(5 * kMin + 30 * kSec)}, one_per_batch);
  INFO(open.describe());
  CHECK(rule_order(open) == std::vector<std::string>{"marker", "marker", "unapproved"});
}

TEST_CASE("absence: the absent step arriving in time prevents the alert") {
  auto graph = compile(unapproved_rule());
  CHECK(run(*graph, {call(0), approve(2 * kMin)}).count("unapproved") == 0);
  CHECK(run(*graph, {call(0), approve(5 * kMin)}).count("unapproved") == 0);
  // Too late, or in another session: the alert stands.
  CHECK(run(*graph, {call(0), approve(5 * kMin + 1)}).count("unapproved") == 1);
  CHECK(run(*graph, {call(0), approve(2 * kMin, "s2")}).count("unapproved") == 1);
  // Before the call it proves nothing.
  CHECK(run(*graph, {approve(0), call(1 * kMin)}).count("unapproved") == 1);
}

TEST_CASE("absence: an absent middle step cancels the instance") {
  auto graph = compile(middle_rule());
  CHECK(run(*graph, {inject(0), send(2 * kMin)}).count("unreviewed") == 1);
  CHECK(run(*graph, {inject(0), audit(1 * kMin, "config.change"), send(2 * kMin)}).count("unreviewed") == 0);
  // Another audit action is no review.
  CHECK(run(*graph, {inject(0), audit(1 * kMin, "user.create"), send(2 * kMin)}).count("unreviewed") == 1);
  // After the last step, the review is too late to cancel.
  CHECK(run(*graph, {inject(0), send(2 * kMin), audit(3 * kMin, "config.change")}).count("unreviewed") == 1);
}

TEST_CASE("absence: an absent first step (not preceded by) suppresses the sequence") {
  auto graph = compile(first_rule());
  RunResult plain = run(*graph, {inject(0), send(1 * kMin)});
  INFO(plain.describe());
  REQUIRE(plain.count("unwarned") == 1);
  CHECK(plain.alerts[0].steps == "inject -> act");
  CHECK(run(*graph, {audit(0, "policy.change"), inject(1 * kMin), send(2 * kMin)}).count("unwarned") == 0);
  // A warning more than `within` before the first present step does not suppress it.
  RunConfig patient;
  patient.lateness_ns = 1 * kHour;
  CHECK(run(*graph, {audit(0, "policy.change"), inject(10 * kMin + 1), send(11 * kMin)}, patient).count("unwarned") ==
        1);
}

TEST_CASE("absence: many keys, each span fires when the watermark passes it, not before, not later") {
  // advance() skips the keys until the earliest pending span can have closed; 40 sessions spread
  // over the shards (several per shard) with spans closing 10 s apart check that the skip never
  // holds an alert past its close nor lets one through early.
  auto graph = compile(unapproved_rule());
  RunConfig one_per_batch;
  one_per_batch.max_records = 1;
  std::vector<Ev> events;
  const int sessions = 40;
  for (int k = 0; k < sessions; ++k) events.push_back(call(k * 10 * kSec, "s" + std::to_string(k)));
  std::vector<Ev> markers;
  for (int k = 0; k < sessions; ++k) markers.push_back(marker(5 * kMin + 30 * kSec + 1 + k * 10 * kSec));
  std::vector<Ev> all;
  std::merge(events.begin(), events.end(), markers.begin(), markers.end(), std::back_inserter(all),
             [](const Ev& a, const Ev& b) { return a.at < b.at; });
  RunResult r = run(*graph, all, one_per_batch);
  INFO(r.describe());
  std::vector<std::string> want;
  for (int k = 0; k < sessions; ++k) {
    want.push_back("marker");
    want.push_back("unapproved s" + std::to_string(k));
  }
  std::vector<std::string> got;
  for (const Alert& a : r.alerts) got.push_back(a.rule == "marker" ? a.rule : a.rule + " " + a.session);
  CHECK(got == want);
}
