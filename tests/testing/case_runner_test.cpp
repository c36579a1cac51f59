// Cases run through the real pipeline and runtime: window boundaries, sequences that stop
// half-way, end of input, and the differences a failing case reports.
#include <doctest/doctest.h>

#include "engine/testing/case_runner.hpp"
#include "engine/testing/expectations.hpp"
#include "testing/graph_fixture.hpp"

using namespace sigil::testing;
using sigil::testing::test::compile_text;
using sigil::testing::test::read_cases;

namespace {

const char* const kWindowRule = R"(
rule scraping {
  title "Scraping"
  severity medium
  atlas AML.T0024
  on retrieval
  selection q { retrieval.operation == "query" }
  selection never { retrieval.operation == "delete" }
  condition q or never
  window 5m by user.id
  aggregate n = count()
  having n >= 5
}
rule hourly {
  title "Tumbling"
  severity low
  atlas AML.T0024
  on retrieval
  window tumbling 1h by user.id
  aggregate n = count()
  having n >= 2
}
)";

const char* const kSequenceRule = R"(
rule chain {
  title "Chain"
  severity critical
  atlas AML.T0051.001
  sequence by session.id within 10m {
    inject: prompt where prompt.classification == "prompt_injection"
    fetch:  retrieval where retrieval.documents.sensitivity == "secret" bind doc = retrieval.documents.id
    act:    agent_action where tool.name == "send_email"
  }
}
)";

const char* const kDefaults =
    R"("start": "2026-11-25T10:00:00Z", "defaults": {"session": {"id": "s1"}, "user": {"id": "u1"}})";

}  // namespace

TEST_CASE("runner: five events within 5m fire a 5m window, five spread over 6m do not") {
  auto graph = compile_text(kWindowRule);
  auto cases = read_cases(std::string("{") + kDefaults + R"(, "tests": [
    {"name": "within", "rule": "scraping", "events": [{"at": "+0s", "repeat": 5, "every": "60s", "kind": "retrieval",
      "retrieval": {"operation": "query"}}], "expect": {"alerts": [{"aggregates": {"n": 5}, "severity": "medium"}]}},
    {"name": "spread", "rule": "scraping", "events": [{"at": "+0s", "repeat": 5, "every": "90s", "kind": "retrieval",
      "retrieval": {"operation": "query"}}], "expect": "no-match"},
    {"name": "other users", "rule": "scraping", "events": [
      {"at": "+0s", "repeat": 3, "every": "10s", "kind": "retrieval", "retrieval": {"operation": "query"}},
      {"at": "+40s", "repeat": 2, "every": "10s", "kind": "retrieval", "user": {"id": "u2"}, "retrieval": {"operation": "query"}}
    ], "expect": "no-match"}
  ]})",
                          "scraping");
  REQUIRE(cases.size() == 3);
  for (const TestCase& c : cases) {
    CAPTURE(c.name);
    CaseRun run = run_case(*graph, c);
    Verdict v = judge(c, run);
    for (const auto& d : v.differences) INFO(d);
    CHECK(v.passed);
  }
  // 4m48s apart: the first event is still inside (t - 5m, t] of the fifth. 5m apart: it is not.
  CHECK(run_case(*graph, read_cases(std::string("{") + kDefaults +
                                        R"(, "tests": [{"name": "edge", "rule": "scraping", "events": [{"at": "+0s",
      "repeat": 5, "every": "72s", "kind": "retrieval", "retrieval": {"operation": "query"}}], "expect": 1}]})",
                                    "scraping")[0])
            .alerts.size() == 1);
  CHECK(run_case(*graph, read_cases(std::string("{") + kDefaults +
                                        R"(, "tests": [{"name": "edge", "rule": "scraping", "events": [{"at": "+0s",
      "repeat": 5, "every": "75001ms", "kind": "retrieval", "retrieval": {"operation": "query"}}], "expect": 1}]})",
                                    "scraping")[0])
            .alerts.empty());
}

TEST_CASE("runner: only the named rules count; coverage records the selections that held") {
  auto graph = compile_text(kWindowRule);
  auto c = read_cases(std::string("{") + kDefaults + R"(, "tests": [{"name": "two in an hour", "rule": "hourly",
    "events": [{"at": "+0s", "repeat": 5, "every": "1s", "kind": "retrieval", "retrieval": {"operation": "query"}}],
    "expect": 1}]})",
                      "hourly")[0];
  CaseRun run = run_case(*graph, c);
  REQUIRE(run.alerts.size() == 1);
  CHECK(run.alerts[0].rule_id == "hourly");
  CHECK(run.other_alerts == 1);  // `scraping` fired too, and is not counted
  REQUIRE(run.selections_held.size() == 2);
  CHECK(run.selections_held[0] == std::vector<bool>{true, false});  // q held; never did not
}

TEST_CASE("runner: end_of_input false keeps a tumbling window open") {
  auto graph = compile_text(kWindowRule);
  std::string events = R"("events": [{"at": "+0s", "repeat": 2, "every": "1s", "kind": "retrieval"}])";
  auto closed = read_cases(std::string("{") + kDefaults + R"(, "tests": [{"name": "a", "rule": "hourly", )" + events +
                               R"(, "expect": 1}]})",
                           "hourly")[0];
  auto open = read_cases(std::string("{") + kDefaults + R"(, "tests": [{"name": "a", "rule": "hourly", )" + events +
                             R"(, "end_of_input": false, "expect": 0}]})",
                         "hourly")[0];
  CHECK(run_case(*graph, closed).alerts.size() == 1);
  CHECK(run_case(*graph, open).alerts.empty());
}

TEST_CASE("runner: a sequence that does not complete reports the step it reached") {
  auto graph = compile_text(kSequenceRule);
  auto cases = read_cases(std::string("{") + kDefaults + R"(, "tests": [
    {"name": "stops after fetch", "events": [
      {"at": "+0s", "kind": "prompt", "prompt": {"classification": "prompt_injection"}},
      {"at": "+1m", "kind": "retrieval", "retrieval": {"documents": [{"id": "d1", "sensitivity": "secret"}]}},
      {"at": "+2m", "kind": "agent_action", "tool": {"name": "http_request"}}], "expect": "match"},
    {"name": "never starts", "events": [
      {"at": "+1m", "kind": "retrieval", "retrieval": {"documents": [{"id": "d1", "sensitivity": "secret"}]}}],
      "expect": "match"},
    {"name": "completes", "events": [
      {"at": "+0s", "kind": "prompt", "prompt": {"classification": "prompt_injection"}},
      {"at": "+1m", "kind": "retrieval", "retrieval": {"documents": [{"id": "d1", "sensitivity": "secret"}]}},
      {"at": "+2m", "kind": "agent_action", "tool": {"name": "send_email"}}],
      "expect": {"alerts": [{"sequence": "inject -> fetch -> act", "bindings": {"doc": "d1"}, "severity": "critical"}]}}
  ]})",
                          "chain");
  REQUIRE(cases.size() == 3);
  Verdict stopped = judge(cases[0], run_case(*graph, cases[0]));
  CHECK_FALSE(stopped.passed);
  REQUIRE(stopped.differences.size() == 1);
  CHECK(stopped.differences[0] == "expected at least one alert, got no alert");
  REQUIRE_FALSE(stopped.notes.empty());
  CHECK(stopped.notes[0].starts_with("sequence chain: reached step 2 of 3 (`fetch`); step 3 `act` never followed"));
  Verdict never = judge(cases[1], run_case(*graph, cases[1]));
  REQUIRE_FALSE(never.notes.empty());
  CHECK(never.notes[0].starts_with("sequence chain: no instance started: step 1 `inject` never matched"));
  Verdict done = judge(cases[2], run_case(*graph, cases[2]));
  for (const auto& d : done.differences) INFO(d);
  CHECK(done.passed);
}

TEST_CASE("runner: a failing case names the count and the first differing field") {
  auto graph = compile_text(R"(
rule phrase {
  title "Phrase"
  severity high
  atlas AML.T0051.000
  on prompt
  selection p { prompt.text contains "ignore previous" }
  output "from {user.id}"
})");
  auto cases = read_cases(std::string("{") + kDefaults + R"(, "tests": [
    {"name": "count", "events": [{"kind": "prompt", "prompt": {"text": "ignore previous"}}], "expect": 2},
    {"name": "fields", "events": [{"kind": "prompt", "prompt": {"text": "ignore previous"}}],
     "expect": {"alerts": [{"severity": "high", "atlas": ["AML.T0051.000"], "message": "from u2", "evidence": ["x"]}]}},
    {"name": "evidence", "events": [{"kind": "prompt", "prompt": {"text": "ignore previous"}}],
     "expect": {"alerts": [{"evidence": ["x"]}]}},
    {"name": "none", "events": [{"kind": "prompt", "prompt": {"text": "ignore previous"}}], "expect": "no-match"}
  ]})",
                          "phrase");
  Verdict count = judge(cases[0], run_case(*graph, cases[0]));
  CHECK(count.differences == std::vector<std::string>{"expected 2 alerts, got 1 alert"});
  Verdict fields = judge(cases[1], run_case(*graph, cases[1]));
  CHECK(fields.differences == std::vector<std::string>{R"(alert 1: message: expected "from u2", got "from u1")"});
  Verdict evidence = judge(cases[2], run_case(*graph, cases[2]));
  CHECK(evidence.differences == std::vector<std::string>{"alert 1: evidence: expected events [x], got [event:1]"});
  Verdict none = judge(cases[3], run_case(*graph, cases[3]));
  CHECK(none.differences == std::vector<std::string>{"expected no alert, got 1 alert"});
}

TEST_CASE("runner: late events are dropped by the stateful rules, as in `sigil run`") {
  auto graph = compile_text(kWindowRule);
  auto c = read_cases(std::string("{") + kDefaults + R"(, "tests": [{"name": "late", "rule": "scraping", "lateness": "10s",
    "events": [
      {"at": "+10m", "kind": "retrieval", "retrieval": {"operation": "query"}},
      {"at": "+0s", "repeat": 4, "every": "1s", "kind": "retrieval", "retrieval": {"operation": "query"}}],
    "expect": 1}]})",
                      "scraping")[0];
  CaseRun run = run_case(*graph, c);
  CHECK(run.late == 4);
  Verdict v = judge(c, run);
  CHECK_FALSE(v.passed);
  bool noted = false;
  for (const auto& n : v.notes) noted |= n.starts_with("4 event(s) arrived behind the watermark");
  CHECK(noted);
}
