// `baseline(agg, H)`: the EWMA of the key's own completed, non-empty buckets of length L,
// defined after `baseline warmup` of them. A spike over 10x a session's own baseline fires; a
// steady high-volume session (a batch job) does not; nothing fires during warm-up.
#include <algorithm>

#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string spike_rule() {
  return rule("spike", "prompt",
              "  window 1m by session.id\n  aggregate n = count()\n"
              "  having n > 10 * baseline(n, 1h)\n  baseline warmup 3");
}

// One event a minute for `quiet_minutes`, then 15 events in 15 s at minute 5.
std::vector<Ev> spiky(const std::string& session, int quiet_minutes) {
  std::vector<Ev> out;
  for (int m = 0; m < quiet_minutes; ++m) out.push_back(prompt(m * kMin + 5 * kSec, session));
  for (int i = 0; i < 15; ++i) out.push_back(prompt(5 * kMin + i * kSec, session));
  return out;
}

// 20 events a minute, every 3 s, for 8 minutes.
std::vector<Ev> batch_job(const std::string& session) {
  std::vector<Ev> out;
  for (int i = 0; i < 160; ++i) out.push_back(prompt(i * 3 * kSec + 1 * kMs, session, "svc-batch"));
  return out;
}

std::vector<Ev> by_time(std::vector<Ev> events) {
  std::stable_sort(events.begin(), events.end(), [](const Ev& a, const Ev& b) { return a.at < b.at; });
  return events;
}

RunConfig one_per_batch() {
  RunConfig c;
  c.max_records = 1;  // the watermark (which completes baseline buckets) moves after each event
  return c;
}

}  // namespace

TEST_CASE("baseline: a spike over 10x the session's own baseline fires; a steady batch job does not") {
  auto graph = compile(spike_rule());
  std::vector<Ev> events = spiky("spiky", 5);
  for (Ev& e : batch_job("batch")) events.push_back(e);
  RunResult r = run(*graph, by_time(events), one_per_batch());
  INFO(r.describe());
  REQUIRE(r.count("spike") == 1);
  const Alert& a = r.alerts[0];
  CHECK(a.session == "spiky");
  // The window (t - 1m, t] holds the quiet event at 4m05s and the spike so far: 1 + 10 > 10 x 1.
  CHECK(a.aggregate("n") == 11);
  CHECK(a.aggregate("baseline(n)") == doctest::Approx(1.0));
}

TEST_CASE("baseline: nothing fires before `baseline warmup` buckets have completed") {
  auto graph = compile(spike_rule());
  // Two quiet minutes: two completed buckets when the spike comes, warm-up needs three.
  RunResult warming = run(*graph, spiky("s1", 2), one_per_batch());
  INFO(warming.describe());
  CHECK(warming.count("spike") == 0);
  // Three quiet minutes complete the warm-up.
  RunResult warm = run(*graph, spiky("s1", 3), one_per_batch());
  INFO(warm.describe());
  CHECK(warm.count("spike") == 1);
}

TEST_CASE("baseline: a baseline is per key, not shared with a busier session") {
  auto graph = compile(spike_rule());
  // A batch job builds a high baseline for its own session; a fresh session with a burst has
  // no baseline of its own yet: neither fires.
  std::vector<Ev> events = batch_job("batch");
  for (int i = 0; i < 15; ++i) events.push_back(prompt(6 * kMin + i * kSec, "fresh"));
  RunResult r = run(*graph, by_time(events), one_per_batch());
  INFO(r.describe());
  CHECK(r.count("spike") == 0);
}

TEST_CASE("baseline: the outcome does not depend on how the input is cut into batches") {
  auto graph = compile(spike_rule());
  RunConfig whole;
  whole.max_records = 1024;
  RunResult r = run(*graph, spiky("spiky", 5), whole);
  INFO(r.describe());
  CHECK(r.count("spike") == 1);
  RunConfig seven;
  seven.max_records = 7;
  CHECK(run(*graph, spiky("spiky", 5), seven).count("spike") == 1);
}
