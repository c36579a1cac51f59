// Event time: out-of-order events within the allowed lateness count; events behind the watermark
// are late (PipelineStats::late, dead letter "late"), leave state alone, and still raise their
// stateless alerts; PipelineOptions::lateness_ns (= StateLimits::lateness_ns) changes the outcome.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string rules() {
  return rule("burst", "prompt", "  window 10m by session.id\n  aggregate n = count()\n  having n >= 3") +
         rule("phrase", "prompt", "  selection p { prompt.text contains \"ignore previous\" }\n  condition p");
}

// s1 at 0; s2 at 100 s moves the watermark to 70 s (lateness 30 s); then two s1 events at 10 s
// and 20 s (late) and one at 101 s. Counted, the late ones would make 4 in s1's window.
std::vector<Ev> late_events() {
  return {prompt(0, "s1"), prompt(100 * kSec, "s2"), prompt(10 * kSec, "s1", "u1", "ignore previous"),
          prompt(20 * kSec, "s1", "u1", "ignore previous"), prompt(101 * kSec, "s1")};
}

}  // namespace

TEST_CASE("lateness: out-of-order events within the lateness count") {
  auto graph = compile(rules());
  RunResult r = run(*graph, {prompt(10 * kSec), prompt(40 * kSec), prompt(20 * kSec)});
  INFO(r.describe());
  CHECK(r.stats.late == 0);
  CHECK(r.dead_reasons.empty());
  REQUIRE(r.count("burst") == 1);
  CHECK(r.alerts[0].aggregate("n") == 3);
  // The alert's evidence is in arrival order; its time is the first evidence event's.
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2", "e3"});
}

TEST_CASE("lateness: an event exactly at the watermark is not late, 1 ns before it is") {
  auto graph = compile(rules());
  RunResult at = run(*graph, {prompt(100 * kSec, "s2"), prompt(70 * kSec, "s1")});
  CHECK(at.stats.late == 0);
  RunResult before = run(*graph, {prompt(100 * kSec, "s2"), prompt(70 * kSec - 1, "s1")});
  CHECK(before.stats.late == 1);
}

TEST_CASE("lateness: events behind the watermark are dead-lettered as late and change no state") {
  auto graph = compile(rules());
  RunResult r = run(*graph, late_events());
  INFO(r.describe());
  CHECK(r.stats.late == 2);
  CHECK(r.dead_reasons == std::vector<std::string>{"late", "late"});
  CHECK(r.dead_ids == std::vector<std::string>{"e3", "e4"});
  CHECK(r.stats.accepted == 5);
  CHECK(r.count("burst") == 0);  // s1 holds e1 and e5 only
  // The stateless rule still fires on both late events.
  REQUIRE(r.count("phrase") == 2);
  CHECK(r.of("phrase")[0].evidence == std::vector<std::string>{"e3"});
  CHECK(r.of("phrase")[1].evidence == std::vector<std::string>{"e4"});
}

TEST_CASE("lateness: a larger lateness accepts the same events, and the window fires") {
  auto graph = compile(rules());
  RunConfig patient;
  patient.lateness_ns = 2 * kMin;
  RunResult r = run(*graph, late_events(), patient);
  INFO(r.describe());
  CHECK(r.stats.late == 0);
  CHECK(r.dead_reasons.empty());
  REQUIRE(r.count("burst") == 1);
  CHECK(r.of("burst")[0].evidence == std::vector<std::string>{"e1", "e3", "e4"});
  CHECK(r.count("phrase") == 2);
  // A smaller lateness makes more events late.
  RunConfig strict;
  strict.lateness_ns = 1 * kSec;
  RunResult s = run(*graph, {prompt(10 * kSec, "s1"), prompt(8 * kSec, "s1"), prompt(9 * kSec + 1, "s1")}, strict);
  CHECK(s.stats.late == 1);
  CHECK(s.dead_ids == std::vector<std::string>{"e2"});
}

TEST_CASE("lateness: an event that is late for no stateful rule is not dead-lettered") {
  auto graph = compile(rules());
  // The late event is a model_response: no stateful rule reads it.
  RunResult r = run(*graph, {prompt(100 * kSec, "s2"), ev("model_response", 0, R"("model.name":"x")")});
  INFO(r.describe());
  CHECK(r.stats.late == 0);
  CHECK(r.stats.accepted == 2);
}
