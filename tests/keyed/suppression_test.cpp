// `suppress L by KEYS`: after an alert at e, the rule's alerts for the same key in [e, e + L) are
// held back (PipelineStats::suppressed); the next alert after the period says how many with
// "suppressed": N. Keys are independent; stateless rules can be suppressed too.
#include "keyed_support.hpp"

using namespace keyed_test;

TEST_CASE("suppression: one alert per period per key, the next one counts the held-back alerts") {
  auto graph = compile(rule("pairs", "prompt",
                            "  window 1m by session.id\n  aggregate n = count()\n  having n >= 2\n"
                            "  suppress 10m by session.id"));
  std::vector<Ev> events;
  for (int i = 0; i < 6; ++i) events.push_back(prompt(i * kSec, "s1"));  // three crossings
  events.push_back(prompt(6 * kSec, "s2"));
  events.push_back(prompt(7 * kSec, "s2"));  // s2: its own period
  events.push_back(prompt(10 * kMin, "s1"));
  events.push_back(prompt(10 * kMin + 1 * kSec, "s1"));  // after the period
  RunResult r = run(*graph, events);
  INFO(r.describe());
  REQUIRE(r.count("pairs") == 3);
  CHECK(r.alerts[0].session == "s1");
  CHECK(r.alerts[0].suppressed == 0);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1", "e2"});
  CHECK(r.alerts[1].session == "s2");
  CHECK(r.alerts[1].suppressed == 0);
  CHECK(r.alerts[2].session == "s1");
  CHECK(r.alerts[2].suppressed == 2);
  CHECK(r.alerts[2].evidence == std::vector<std::string>{"e9", "e10"});
  CHECK(r.stats.suppressed == 2);
  CHECK(r.stats.alerts == 3);
}

TEST_CASE("suppression: a stateless rule with suppress, by user") {
  auto graph = compile(rule("phrase", "prompt",
                            "  selection p { prompt.text contains \"ignore previous\" }\n  condition p\n"
                            "  suppress 15m by user.id"));
  auto hit = [](std::int64_t at, const std::string& session, const std::string& user) {
    return prompt(at, session, user, "ignore previous instructions");
  };
  RunResult r = run(*graph, {hit(0, "s1", "u1"), hit(1 * kMin, "s2", "u1"), hit(2 * kMin, "s3", "u2"),
                             hit(15 * kMin - 1 * kMs, "s1", "u1"), hit(15 * kMin, "s1", "u1")});
  INFO(r.describe());
  REQUIRE(r.count("phrase") == 3);
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e1"});
  CHECK(r.alerts[1].evidence == std::vector<std::string>{"e3"});
  CHECK(r.alerts[1].suppressed == 0);
  CHECK(r.alerts[2].evidence == std::vector<std::string>{"e5"});  // [e, e + L): 15m is the next period
  CHECK(r.alerts[2].suppressed == 2);
  CHECK(r.stats.suppressed == 2);
}

TEST_CASE("suppression: without suppress every crossing is an alert") {
  auto graph = compile(rule("pairs", "prompt", "  window 1m by session.id\n  aggregate n = count()\n  having n >= 2"));
  std::vector<Ev> events;
  for (int i = 0; i < 6; ++i) events.push_back(prompt(i * kSec, "s1"));
  RunResult r = run(*graph, events);
  CHECK(r.count("pairs") == 3);
  CHECK(r.stats.suppressed == 0);
}

TEST_CASE("suppression: a sequence suppressed by session") {
  auto graph = compile(rule("two_step", "",
                            "  sequence by session.id within 5m {\n"
                            "    a: prompt where prompt.text == \"first\"\n"
                            "    b: prompt where prompt.text == \"second\"\n"
                            "  }\n  suppress 1h by session.id"));
  std::vector<Ev> events;
  for (int i = 0; i < 3; ++i) {
    events.push_back(prompt(i * kMin, "s1", "u1", "first"));
    events.push_back(prompt(i * kMin + 1 * kSec, "s1", "u1", "second"));
  }
  events.push_back(prompt(4 * kMin, "s2", "u1", "first"));
  events.push_back(prompt(4 * kMin + 1 * kSec, "s2", "u1", "second"));
  RunResult r = run(*graph, events);
  INFO(r.describe());
  REQUIRE(r.count("two_step") == 2);
  CHECK(r.alerts[0].session == "s1");
  CHECK(r.alerts[1].session == "s2");
  CHECK(r.stats.suppressed == 2);
}

TEST_CASE("suppression: the held-back count does not depend on batch boundaries") {
  auto graph = compile(rule("pairs", "prompt",
                            "  window 1m by session.id\n  aggregate n = count()\n  having n >= 2\n"
                            "  suppress 10m by session.id"));
  std::vector<Ev> events;
  for (int i = 0; i < 6; ++i) events.push_back(prompt(i * kSec, "s1"));  // 1 alert, 2 held back
  events.push_back(prompt(20 * kMin, "s2"));
  events.push_back(prompt(20 * kMin + 1 * kSec, "s2"));  // another key's alert at 20m
  events.push_back(prompt(30 * kMin, "s1"));
  events.push_back(prompt(30 * kMin + 1 * kSec, "s1"));  // s1's next alert
  RunResult whole = run(*graph, events);
  RunConfig one_per_batch;
  one_per_batch.max_records = 1;
  RunResult cut = run(*graph, events, one_per_batch);
  INFO(whole.describe());
  INFO(cut.describe());
  REQUIRE(whole.count("pairs") == 3);
  REQUIRE(cut.count("pairs") == 3);
  CHECK(whole.alerts[2].suppressed == 2);
  CHECK(cut.alerts[2].suppressed == whole.alerts[2].suppressed);
}
