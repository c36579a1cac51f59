// Reports: the text totals line, JSON that parses, JUnit XML escaped and shaped as CI expects.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include "engine/testing/report.hpp"

using namespace sigil::testing;

namespace {

SessionReport sample() {
  SessionReport r;
  r.rule_count = 3;
  CaseReport pass;
  pass.name = "fires";
  pass.rules = {"r1"};
  pass.file = "a.tests.json";
  CaseReport fail = pass;
  fail.name = "quotes \" and <tags> & 'apostrophes'";
  fail.status = CaseStatus::failed;
  fail.differences = {"expected 2 alerts, got 1 alert", "alert 1: message: expected \"<x>\", got \"\x01\""};
  CaseReport skip = pass;
  skip.name = "later";
  skip.status = CaseStatus::skipped;
  skip.skip_reason = "not yet";
  CaseReport error = pass;
  error.name = "broken";
  error.file = "b.tests.json";
  error.status = CaseStatus::error;
  error.problems.push_back({"b.tests.json", "broken", 0, "/tests/0/events/0", "/prompt/text", "expected string", 0, 0});
  r.cases = {pass, fail, skip, error};
  r.untested_rules = {"r3 (x.sigil)"};
  r.unexercised = {{"r1", "sel"}};
  return r;
}

}  // namespace

TEST_CASE("report: text ends with the totals; failures and problems are indented under their case") {
  SessionReport r = sample();
  std::string text = render_text(r, false);
  CHECK(text.find("PASS r1 :: fires\n") == 0);
  CHECK(text.find("FAIL r1 :: quotes") != std::string::npos);
  CHECK(text.find("    expected 2 alerts, got 1 alert\n") != std::string::npos);
  CHECK(text.find("SKIP r1 :: later (not yet)\n") != std::string::npos);
  CHECK(text.find("ERROR r1 :: broken\n    b.tests.json: case \"broken\": event 1 (/tests/0/events/0): /prompt/text: "
                  "expected string\n") != std::string::npos);
  CHECK(text.find("  no test: r3 (x.sigil)\n") != std::string::npos);
  CHECK(text.find("  selection never exercised: r1.sel\n") != std::string::npos);
  CHECK(text.ends_with("\n1 passed, 1 failed, 1 skipped, 1 error\n"));
  CHECK(r.exit_code() == 2);
  r.cases.pop_back();
  CHECK(summary_line(r) == "1 passed, 1 failed, 1 skipped");
  CHECK(r.exit_code() == 1);
  r.cases.erase(r.cases.begin() + 1);
  CHECK(r.exit_code() == 0);
  r.short_rules = {"r3 (x.sigil): 0 cases, at least 1 required"};
  CHECK(r.exit_code() == 1);
}

TEST_CASE("report: JSON parses and carries statuses and diagnostics") {
  std::string json = render_json(sample());
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d["cases"].Size() == 4);
  CHECK(std::string(d["cases"][1]["status"].GetString()) == "failed");
  CHECK(std::string(d["cases"][3]["diagnostics"][0]["pointer"].GetString()) == "/prompt/text");
  CHECK(d["cases"][3]["diagnostics"][0]["event"].GetUint64() == 0);
  CHECK(d["summary"]["errors"].GetUint64() == 1);
  CHECK(d["summary"]["exit_code"].GetInt() == 2);
}

TEST_CASE("report: JUnit escapes markup and control characters and counts per suite") {
  std::string xml = render_junit(sample());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sigil test\" tests=\"4\" "
                        "failures=\"1\" errors=\"1\" skipped=\"1\">\n"));
  CHECK(xml.find("<testsuite name=\"a.tests.json\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">") !=
        std::string::npos);
  CHECK(xml.find("name=\"quotes &quot; and &lt;tags&gt; &amp; &apos;apostrophes&apos;\" classname=\"r1\"") !=
        std::string::npos);
  CHECK(xml.find("got &quot;\xEF\xBF\xBD&quot;") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("<skipped message=\"not yet\"/>") != std::string::npos);
  CHECK(xml.find("<error message=\"expected string\" type=\"fixture\">") != std::string::npos);
}
