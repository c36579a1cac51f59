// Tumbling windows through the real pipeline: buckets aligned to multiples of L since the epoch,
// [kL, (k+1)L), judged when the watermark (largest event time - lateness) passes their end, and
// at the end of input.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

// A tumbling count per session, plus a stateless marker rule whose alert shows where in the
// output the tumbling alert came out.
std::string rules() {
  return rule("tumble", "token_usage",
              "  window tumbling 1m by session.id\n  aggregate n = count(), total = sum(usage.total_tokens)\n"
              "  having n >= 3") +
         rule("marker", "prompt", "  selection m { prompt.text == \"marker\" }\n  condition m");
}

std::vector<std::string> rule_order(const RunResult& r) {
  std::vector<std::string> out;
  for (const Alert& a : r.alerts) out.push_back(a.rule);
  return out;
}

}  // namespace

TEST_CASE("tumbling window: three events in one aligned bucket fire, at the end of input") {
  auto graph = compile(rules());
  RunResult r = run(*graph, {tokens(1 * kSec, 10), tokens(2 * kSec, 20), tokens(59 * kSec, 30)});
  INFO(r.describe());
  REQUIRE(r.count("tumble") == 1);
  CHECK(r.alerts[0].aggregate("n") == 3);
  CHECK(r.alerts[0].aggregate("total") == 60);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2", "e3"});
}

TEST_CASE("tumbling window: three events 15 s apart across a bucket boundary do not fire") {
  auto graph = compile(rules());
  // 10:00:50, 10:00:55 in [10:00, 10:01); 10:01:05 in [10:01, 10:02).
  RunResult r = run(*graph, {tokens(50 * kSec, 1), tokens(55 * kSec, 1), tokens(65 * kSec, 1)});
  INFO(r.describe());
  CHECK(r.count("tumble") == 0);
  // The bucket is [kL, (k+1)L): an event at exactly 10:01:00 belongs to the next bucket.
  RunResult edge = run(*graph, {tokens(50 * kSec, 1), tokens(55 * kSec, 1), tokens(60 * kSec, 1)});
  CHECK(edge.count("tumble") == 0);
  RunResult inside = run(*graph, {tokens(50 * kSec, 1), tokens(55 * kSec, 1), tokens(60 * kSec - 1, 1)});
  CHECK(inside.count("tumble") == 1);
}

TEST_CASE("tumbling window: the watermark closes a bucket before the end of input") {
  auto graph = compile(rules());
  RunConfig one_per_batch;
  one_per_batch.max_records = 1;  // the watermark moves after every event
  // Watermark after the s2 event at 90 s: 90 s - 30 s = 60 s, the end of [0, 60 s): closed there,
  // so the tumbling alert comes out before the marker's.
  RunResult closed = run(*graph,
                         {tokens(1 * kSec, 1), tokens(2 * kSec, 1), tokens(59 * kSec, 1), tokens(90 * kSec, 1, "s2"),
                          prompt(91 * kSec, "s3", "u3", "marker")},
                         one_per_batch);
  INFO(closed.describe());
  CHECK(rule_order(closed) == std::vector<std::string>{"tumble", "marker"});
  // 1 ns earlier the watermark stays inside the bucket: judged only at the end of input.
  RunResult open = run(*graph,
                       {tokens(1 * kSec, 1), tokens(2 * kSec, 1), tokens(59 * kSec, 1),
                        tokens(90 * kSec - 1, 1, "s2"), prompt(90 * kSec - 1, "s3", "u3", "marker")},
                       one_per_batch);
  INFO(open.describe());
  CHECK(rule_order(open) == std::vector<std::string>{"marker", "tumble"});
}

TEST_CASE("tumbling window: each bucket is judged on its own events") {
  auto graph = compile(rules());
  std::vector<Ev> events;
  for (int minute = 0; minute < 3; ++minute)
    for (int i = 0; i < 3 + minute; ++i) events.push_back(tokens(minute * kMin + i * kSec, 1));
  RunResult r = run(*graph, events);
  INFO(r.describe());
  REQUIRE(r.count("tumble") == 3);
  CHECK(r.alerts[0].aggregate("n") == 3);
  CHECK(r.alerts[0].contributing == 3);
  CHECK(r.alerts[1].aggregate("n") == 4);
  CHECK(r.alerts[2].aggregate("n") == 5);
  CHECK(r.alerts[2].contributing == 5);
}

TEST_CASE("tumbling window: two buckets closed together each carry their own events") {
  auto graph = compile(rules());
  RunResult r = run(*graph, {tokens(1 * kSec, 1), tokens(2 * kSec, 1), tokens(3 * kSec, 1), tokens(61 * kSec, 1),
                             tokens(62 * kSec, 1), tokens(63 * kSec, 1)});
  INFO(r.describe());
  REQUIRE(r.count("tumble") == 2);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2", "e3"});
  CHECK(r.alerts[0].contributing == 3);
  CHECK(r.alerts[1].evidence == std::vector<std::string>{"e4", "e5", "e6"});
  CHECK(r.alerts[0].alert_id != r.alerts[1].alert_id);
}

TEST_CASE("tumbling window: a bucket still open when another closes is judged when the watermark passes its end") {
  // advance() skips the keys until the earliest open bucket can have closed. One session with a
  // full bucket every minute: when bucket k closes, bucket k + 1 already holds events, so the
  // bound the scan leaves behind must be bucket k + 1's end, or that bucket comes out late.
  auto graph = compile(rules());
  RunConfig one_per_batch;
  one_per_batch.max_records = 1;
  std::vector<Ev> events;
  const int buckets = 40;
  for (int k = 0; k < buckets; ++k) {
    for (int i = 1; i <= 3; ++i) events.push_back(tokens(k * kMin + i * kSec, 10 + k));
    // The watermark (event time - 30 s) reaches the bucket's end, (k + 1) min, with this marker.
    events.push_back(prompt((k + 1) * kMin + 30 * kSec, "m", "um", "marker"));
  }
  std::stable_sort(events.begin(), events.end(), [](const Ev& a, const Ev& b) { return a.at < b.at; });
  RunResult r = run(*graph, events, one_per_batch);
  INFO(r.describe());
  std::vector<std::string> want;
  for (int k = 0; k < buckets; ++k) {
    want.push_back("marker");
    want.push_back("tumble " + std::to_string(3 * (10 + k)));
  }
  std::vector<std::string> got;
  for (const Alert& a : r.alerts)
    got.push_back(a.rule == "marker" ? a.rule : a.rule + " " + std::to_string(static_cast<int>(a.aggregate("total"))));
  CHECK(got == want);
}
