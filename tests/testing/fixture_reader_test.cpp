// The fixture format (docs/rule-tests.md): times, defaults, repeats, JSON Lines files, and
// positioned problems for everything that is wrong.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "engine/testing/fixture_reader.hpp"
#include "testing/graph_fixture.hpp"

using namespace sigil::testing;
using sigil::testing::test::read_cases;
using sigil::testing::test::validator;

namespace {

Fixture read(const std::string& text, std::vector<std::string> rules = {"r"}) {
  FixtureContext context{&validator(), std::move(rules), nullptr};
  return read_fixture_text("f.tests.json", text, context);
}

}  // namespace

TEST_CASE("fixture: offsets parse with units, signs and compounds") {
  CHECK(parse_offset("+30s") == 30'000'000'000);
  CHECK(parse_offset("-5s") == -5'000'000'000);
  CHECK(parse_offset("+1m30s") == 90'000'000'000);
  CHECK(parse_offset("250ms") == 250'000'000);
  CHECK(parse_offset("+2d") == 2 * 86'400'000'000'000);
  CHECK_FALSE(parse_offset("+"));
  CHECK_FALSE(parse_offset("30"));
  CHECK_FALSE(parse_offset("5min"));
  CHECK_FALSE(parse_offset("1.5h"));
}

TEST_CASE("fixture: `at` fills time from the case start; defaults merge under the event; repeats get ids") {
  auto cases = read_cases(R"({
    "start": "2026-11-25T10:00:00Z",
    "defaults": {"kind": "prompt", "session": {"id": "s1"}, "user": {"id": "u1", "roles": ["x"]}},
    "tests": [{
      "name": "times",
      "events": [
        {"at": "+30s", "user": {"id": "u2"}, "prompt": {"text": "a"}},
        {"prompt": {"text": "b"}},
        {"at": "+1m", "repeat": 2, "every": "10s", "event": {"id": "e"}, "prompt": {"text": "c"}},
        {"at": "2026-11-25T09:00:00Z", "prompt": {"text": "late"}}
      ],
      "expect": "no-match"
    }]})",
                          "r");
  REQUIRE(cases.size() == 1);
  const TestCase& c = cases[0];
  CHECK(c.rules == std::vector<std::string>{"r"});
  REQUIRE(c.events.size() == 5);
  CHECK(c.events[0].json.find(R"("time":"2026-11-25T10:00:30.000000000Z")") != std::string::npos);
  CHECK(c.events[0].json.find(R"("user":{"id":"u2","roles":["x"]})") != std::string::npos);
  CHECK(c.events[1].json.find(R"("time":"2026-11-25T10:00:30.000000000Z")") != std::string::npos);  // previous time
  CHECK(c.events[2].json.find(R"("id":"e-1")") != std::string::npos);
  CHECK(c.events[2].json.find(R"("time":"2026-11-25T10:01:00.000000000Z")") != std::string::npos);
  CHECK(c.events[3].json.find(R"("id":"e-2")") != std::string::npos);
  CHECK(c.events[3].json.find(R"("time":"2026-11-25T10:01:10.000000000Z")") != std::string::npos);
  CHECK(c.events[4].json.find(R"("time":"2026-11-25T09:00:00.000000000Z")") != std::string::npos);
  CHECK(c.events[0].json.find("\"at\"") == std::string::npos);
  CHECK(c.expect.match == false);
  CHECK(c.end_of_input);
  CHECK(c.lateness_ns == 30'000'000'000);
}

TEST_CASE("fixture: expectation forms") {
  auto cases = read_cases(R"({"defaults": {"kind": "audit", "session": {"id": "s"}, "user": {"id": "u"}}, "tests": [
    {"name": "a", "events": [], "expect": "match"},
    {"name": "b", "events": [], "expect": 3, "lateness": "2m", "end_of_input": false},
    {"name": "c", "events": [], "expect": {"alerts": [{"severity": "high", "atlas": "AML.T0051", "aggregates": {"n": 5},
                                                        "bindings": {"doc": "d"}, "evidence": ["e1"]}, {}]}},
    {"name": "d", "events": [], "expect": {"match": false}},
  ]})",
                          "r");
  REQUIRE(cases.size() == 4);
  CHECK(cases[0].expect.match == true);
  CHECK(cases[0].expect.expects_match());
  CHECK(cases[1].expect.count == 3u);
  CHECK(cases[1].lateness_ns == 120'000'000'000);
  CHECK_FALSE(cases[1].end_of_input);
  CHECK(cases[2].expect.count == 2u);
  REQUIRE(cases[2].expect.alerts.size() == 2);
  CHECK(cases[2].expect.alerts[0].atlas == std::vector<std::string>{"AML.T0051"});
  CHECK(cases[2].expect.alerts[0].aggregates.at(0).second == 5.0);
  CHECK_FALSE(cases[3].expect.expects_match());
}

TEST_CASE("fixture: an invalid event is a positioned problem of its case; the other cases stay clean") {
  Fixture f = read(R"({"defaults": {"kind": "prompt", "session": {"id": "s"}, "user": {"id": "u"}}, "tests": [
    {"name": "good", "events": [{"prompt": {"risk_score": 0.5}}], "expect": 0},
    {"name": "bad", "events": [{"prompt": {"risk_score": 0.5}}, {"prompt": {"risk_score": "high"}}], "expect": 1}
  ]})");
  CHECK(f.problems.empty());
  REQUIRE(f.cases.size() == 2);
  CHECK(f.cases[0].problems.empty());
  REQUIRE(f.cases[1].problems.size() == 1);
  const FixtureProblem& p = f.cases[1].problems[0];
  CHECK(p.case_name == "bad");
  CHECK(p.event == 1u);
  CHECK(p.where == "/tests/1/events/1");
  CHECK(p.pointer == "/prompt/risk_score");
  CHECK(describe(p).starts_with(R"(f.tests.json: case "bad": event 2 (/tests/1/events/1): /prompt/risk_score: )"));
}

TEST_CASE("fixture: typos, missing parts and unknown rules are problems") {
  std::set<std::string, std::less<>> loaded{"r", "other"};
  FixtureContext context{&validator(), {"r", "other"}, &loaded};
  Fixture f = read_fixture_text("f.tests.json", R"({"tests": [
    {"name": "n1", "event": [], "expect": 0},
    {"name": "n2", "rule": "nope", "events": [], "expect": {"alert": 1}},
    {"name": "n3", "rule": "r", "events": [{"at": "soon", "kind": "audit", "session": {"id": "s"}, "user": {"id": "u"}}], "expect": 0}
  ]})",
                                   context);
  REQUIRE(f.cases.size() == 3);
  auto texts = [](const FixtureCase& c) {
    std::string all;
    for (const auto& p : c.problems) all += describe(p) + "\n";
    return all;
  };
  CHECK(texts(f.cases[0]).find("unknown key `event`") != std::string::npos);
  CHECK(texts(f.cases[0]).find("name the rule") != std::string::npos);  // two rules in the file
  CHECK(texts(f.cases[1]).find("rule `nope`, which is not loaded") != std::string::npos);
  CHECK(texts(f.cases[1]).find("unknown key `alert` in `expect`") != std::string::npos);
  CHECK(texts(f.cases[2]).find("/at: `at` is an offset") != std::string::npos);
}

TEST_CASE("fixture: JSON syntax errors give line and column") {
  Fixture f = read("{\n  \"tests\": [\n    {\"name\": \"x\"}\n    {\"name\": \"y\"}\n  ]\n}\n");
  REQUIRE(f.problems.size() == 1);
  CHECK(f.problems[0].line == 4);
  CHECK(f.problems[0].column == 5);
  CHECK(describe(f.problems[0]).starts_with("f.tests.json:4:5: not valid JSON: "));
}

TEST_CASE("fixture: events from a JSON Lines file beside the fixture") {
  char dir[] = "/tmp/sigil-fixture-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  std::string base = dir;
  {
    std::ofstream(base + "/e.jsonl") << "{\"at\": \"+1s\"}\n\n{\"at\": \"+2s\", \"user\": {\"id\": 7}}\n";
  }
  FixtureContext context{&validator(), {"r"}, nullptr};
  Fixture f = read_fixture_text(base + "/x.tests.json", R"({"defaults": {"kind": "audit", "session": {"id": "s"}, "user": {"id": "u"}},
    "tests": [{"name": "file", "events": "e.jsonl", "expect": 0}]})",
                                context);
  REQUIRE(f.cases.size() == 1);
  CHECK(f.cases[0].test.events.size() == 1);
  REQUIRE(f.cases[0].problems.size() == 1);
  CHECK(f.cases[0].problems[0].where == base + "/e.jsonl:3");
  CHECK(f.cases[0].problems[0].pointer == "/user/id");
  std::remove((base + "/e.jsonl").c_str());
  std::remove(dir);
}
