// Sliding windows through the real pipeline: the window is (t - L, t], the aggregates an alert
// reports, and "one crossing, one alert, the window starts afresh".
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string count_rule(const std::string& having) {
  return rule("burst", "prompt", "  window 1m by session.id\n  aggregate n = count()\n  having " + having);
}

}  // namespace

TEST_CASE("sliding window: an event exactly at t - L is out of the window") {
  auto graph = compile(count_rule("n >= 2"));
  RunResult r = run(*graph, {prompt(0), prompt(1 * kMin)});
  INFO(r.describe());
  CHECK(r.count("burst") == 0);
}

TEST_CASE("sliding window: an event at t - L + 1ns is in the window") {
  auto graph = compile(count_rule("n >= 2"));
  RunResult r = run(*graph, {prompt(0), prompt(1 * kMin - 1)});
  INFO(r.describe());
  REQUIRE(r.count("burst") == 1);
  CHECK(r.alerts[0].aggregate("n") == 2);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2"});
}

TEST_CASE("sliding window: the edge holds at millisecond offsets too") {
  auto graph = compile(count_rule("n >= 3"));
  // At 60.5 s the window is (0.5 s, 60.5 s]: the event at 0.5 s is out, 0.501 s is in.
  RunResult out = run(*graph, {prompt(500 * kMs), prompt(30 * kSec), prompt(60 * kSec + 500 * kMs)});
  CHECK(out.count("burst") == 0);
  RunResult in = run(*graph, {prompt(501 * kMs), prompt(30 * kSec), prompt(60 * kSec + 500 * kMs)});
  CHECK(in.count("burst") == 1);
}

TEST_CASE("sliding window: count, sum, avg, min, max, distinct and p90 in the alert's aggregates") {
  auto graph = compile(rule("usage", "token_usage",
                            "  window 5m by session.id\n"
                            "  aggregate n = count(), total = sum(usage.total_tokens), mean = avg(usage.total_tokens),\n"
                            "            lo = min(usage.total_tokens), hi = max(usage.total_tokens),\n"
                            "            models = distinct(model.name), p = p90(usage.total_tokens)\n"
                            "  having n >= 5"));
  std::vector<Ev> events;
  const char* models[] = {"a", "b", "a", "c", "b"};
  const std::int64_t totals[] = {30, 10, 50, 20, 40};
  for (int i = 0; i < 5; ++i)
    events.push_back(with(tokens(i * kSec, totals[i]), fmt::format(R"("model.name":"{}")", models[i])));
  RunResult r = run(*graph, events);
  INFO(r.describe());
  REQUIRE(r.count("usage") == 1);
  const Alert& a = r.alerts[0];
  CHECK(a.aggregate("n") == 5);
  CHECK(a.aggregate("total") == 150);
  CHECK(a.aggregate("mean") == 30);
  CHECK(a.aggregate("lo") == 10);
  CHECK(a.aggregate("hi") == 50);
  CHECK(a.aggregate("models") == 3);
  CHECK(a.aggregate("p") == doctest::Approx(46));  // type 7: 40 + 0.6 * (50 - 40)
  CHECK(a.contributing == 5);
  CHECK(a.session == "s1");
}

TEST_CASE("sliding window: a threshold on sum or on distinct fires only when crossed") {
  auto graph = compile(rule("usage", "token_usage",
                            "  window 5m by session.id\n"
                            "  aggregate total = sum(usage.total_tokens), models = distinct(model.name)\n"
                            "  having total > 1000 or models >= 3"));
  // 1000 tokens in all (not > 1000), two models (several events of each): no alert.
  RunResult quiet = run(*graph, {with(tokens(0, 400), R"("model.name":"a")"),
                                 with(tokens(1 * kSec, 400), R"("model.name":"b")"),
                                 with(tokens(2 * kSec, 200), R"("model.name":"a")")});
  INFO(quiet.describe());
  CHECK(quiet.count("usage") == 0);
  // One more token crosses `total`; a third model crosses `models`.
  RunResult sum = run(*graph, {with(tokens(0, 400), R"("model.name":"a")"),
                               with(tokens(1 * kSec, 601), R"("model.name":"a")")});
  REQUIRE(sum.count("usage") == 1);
  CHECK(sum.alerts[0].aggregate("total") == 1001);
  CHECK(sum.alerts[0].aggregate("models") == 1);
  RunResult distinct = run(*graph, {with(tokens(0, 1), R"("model.name":"a")"),
                                    with(tokens(1 * kSec, 1), R"("model.name":"b")"),
                                    with(tokens(2 * kSec, 1), R"("model.name":"c")")});
  REQUIRE(distinct.count("usage") == 1);
  CHECK(distinct.alerts[0].aggregate("models") == 3);
}

TEST_CASE("sliding window: one crossing raises one alert and empties the window") {
  auto graph = compile(count_rule("n >= 3"));
  std::vector<Ev> events;
  for (int i = 0; i < 3; ++i) events.push_back(prompt(i * kSec));  // crosses at e3
  events.push_back(prompt(3 * kSec));                              // e4: window restarted, n = 1
  events.push_back(prompt(4 * kSec));                              // e5: n = 2
  RunResult r = run(*graph, events);
  INFO(r.describe());
  REQUIRE(r.count("burst") == 1);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2", "e3"});
  CHECK(r.alerts[0].contributing == 3);

  events.push_back(prompt(5 * kSec));  // e6: n = 3 again, a second crossing
  RunResult again = run(*graph, events);
  REQUIRE(again.count("burst") == 2);
  CHECK(again.alerts[1].aggregate("n") == 3);
  CHECK(again.alerts[1].evidence == std::vector<std::string>{"e4", "e5", "e6"});
}

TEST_CASE("sliding window: events that slid out are not in the alert's evidence") {
  auto graph = compile(count_rule("n >= 3"));
  RunResult r = run(*graph, {prompt(0), prompt(70 * kSec), prompt(80 * kSec), prompt(90 * kSec)});
  INFO(r.describe());
  REQUIRE(r.count("burst") == 1);
  CHECK(r.alerts[0].aggregate("n") == 3);
  CHECK(r.alerts[0].contributing == 3);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e2", "e3", "e4"});
  CHECK(r.alerts[0].time == time_text(90 * kSec));  // the crossing event
}

TEST_CASE("sliding window: events the condition rejects do not enter the window") {
  auto graph = compile(rule("burst", "prompt",
                            "  selection bad { prompt.text contains \"ignore previous\" }\n"
                            "  condition bad\n"
                            "  window 1m by session.id\n  aggregate n = count()\n  having n >= 2"));
  RunResult quiet = run(*graph, {prompt(0, "s1", "u1", "ignore previous"), prompt(1 * kSec, "s1", "u1", "fine"),
                                 prompt(2 * kSec, "s1", "u1", "fine")});
  CHECK(quiet.count("burst") == 0);
  RunResult loud = run(*graph, {prompt(0, "s1", "u1", "ignore previous"), prompt(1 * kSec, "s1", "u1", "fine"),
                                prompt(2 * kSec, "s1", "u1", "please ignore previous rules")});
  REQUIRE(loud.count("burst") == 1);
  CHECK(loud.alerts[0].evidence == std::vector<std::string>{"e1", "e3"});
}
