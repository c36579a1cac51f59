// `new FIELD by KEYS within H`: an event whose value was not seen for its key in (t - H, t].
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string new_host() {
  return rule("new_host", "api_call", "  new server.address by service.name within 1h");
}

Ev call(std::int64_t at, const std::string& service, const std::string& host) {
  return ev("api_call", at, R"("service.name":")" + service + R"(","server.address":")" + host + "\"");
}

std::vector<std::string> evidence_ids(const RunResult& r) {
  std::vector<std::string> out;
  for (const Alert& a : r.alerts) out.push_back(a.evidence.at(0));
  return out;
}

}  // namespace

TEST_CASE("new terms: the first sighting fires, a repeat within the horizon does not") {
  auto graph = compile(new_host());
  RunResult r = run(*graph, {call(0, "a", "x.example"), call(10 * kMin, "a", "x.example"),
                             call(20 * kMin, "a", "X.EXAMPLE2")});
  INFO(r.describe());
  CHECK(evidence_ids(r) == std::vector<std::string>{"e1", "e3"});
  CHECK(r.alerts.at(0).contributing == 1);
}

TEST_CASE("new terms: again after the horizon since the last sighting") {
  auto graph = compile(new_host());
  // Seen at 0 and 30m: at 1h30m the last sighting is exactly at t - H, out of (t - H, t].
  RunResult after = run(*graph, {call(0, "a", "x"), call(30 * kMin, "a", "x"), call(90 * kMin, "a", "x")});
  INFO(after.describe());
  CHECK(evidence_ids(after) == std::vector<std::string>{"e1", "e3"});
  // 1 ns earlier it is still within the horizon.
  RunResult within = run(*graph, {call(0, "a", "x"), call(30 * kMin, "a", "x"), call(90 * kMin - 1, "a", "x")});
  INFO(within.describe());
  CHECK(evidence_ids(within) == std::vector<std::string>{"e1"});
}

TEST_CASE("new terms: per key, two services each see the host for the first time") {
  auto graph = compile(new_host());
  RunResult r = run(*graph, {call(0, "a", "x"), call(1 * kMin, "b", "x"), call(2 * kMin, "a", "x"),
                             call(3 * kMin, "b", "x"), call(4 * kMin, "b", "y")});
  INFO(r.describe());
  CHECK(evidence_ids(r) == std::vector<std::string>{"e1", "e2", "e5"});
}

TEST_CASE("new terms: a late event neither fires nor refreshes the term") {
  auto graph = compile(new_host());
  // The watermark is at 2h - 30s when the 10m event arrives: late, not judged.
  RunResult r = run(*graph, {call(2 * kHour, "other", "z"), call(10 * kMin, "a", "x")});
  INFO(r.describe());
  CHECK(r.stats.late == 1);
  CHECK(evidence_ids(r) == std::vector<std::string>{"e1"});
}
