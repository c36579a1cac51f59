// StateLimits::max_keys_per_rule: with many more keys than the limit, the least recently active
// keys are evicted and counted (StatefulRuntime::stats().evicted), the run completes, and a key
// that stays active keeps its state and fires.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string burst_rule() {
  return rule("burst", "prompt", "  window 10m by session.id\n  aggregate n = count()\n  having n >= 5");
}

}  // namespace

TEST_CASE("eviction: one key per shard, thousands of keys, the active attacker still fires") {
  auto graph = compile(burst_rule());
  std::vector<Ev> events;
  std::int64_t t = 0;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 50; ++i) events.push_back(prompt(t += kMs, fmt::format("noise-{}-{}", round, i)));
    // The attacker's events come together, so no other key of its shard comes between them.
    for (int i = 0; i < 5; ++i) events.push_back(prompt(t += kMs, "attacker"));
  }
  RunConfig tight;
  tight.max_keys_per_rule = 64;  // 64 shards: one key each
  RunResult r = run(*graph, events, tight);
  CHECK(r.stats.accepted == events.size());
  CHECK(r.count("burst") == 40);
  for (const Alert& a : r.alerts) CHECK(a.session == "attacker");
  CHECK(r.state.keys <= 64);
  CHECK(r.state.evicted >= 2000 - 64);
}

TEST_CASE("eviction: an evicted key starts afresh") {
  auto graph = compile(burst_rule());
  std::vector<Ev> events;
  std::int64_t t = 0;
  // The attacker's events are spread out: other keys of its shard evict it in between.
  for (int round = 0; round < 5; ++round) {
    events.push_back(prompt(t += kMs, "attacker"));
    for (int i = 0; i < 300; ++i) events.push_back(prompt(t += kMs, fmt::format("noise-{}-{}", round, i)));
  }
  RunConfig tight;
  tight.max_keys_per_rule = 64;
  RunResult evicted = run(*graph, events, tight);
  INFO(evicted.describe());
  CHECK(evicted.count("burst") == 0);
  CHECK(evicted.state.evicted > 0);
  // With room for every key, the same events fire.
  RunResult roomy = run(*graph, events);
  CHECK(roomy.count("burst") == 1);
  CHECK(roomy.state.evicted == 0);
}

TEST_CASE("eviction: new terms and sequences survive a key flood too") {
  auto graph = compile(rule("new_host", "api_call", "  new server.address by service.name within 1d") +
                       rule("two_step", "",
                            "  sequence by session.id within 5m {\n"
                            "    a: prompt where prompt.text == \"first\"\n"
                            "    b: prompt where prompt.text == \"second\"\n  }"));
  std::vector<Ev> events;
  std::int64_t t = 0;
  for (int i = 0; i < 3000; ++i) {
    events.push_back(prompt(t += kMs, fmt::format("s{}", i), "u1", "first"));
    events.push_back(ev("api_call", t += kMs, fmt::format(R"("service.name":"svc{}","server.address":"h")", i)));
  }
  events.push_back(prompt(t += kMs, "s2999", "u1", "second"));  // the most recent key: kept
  RunConfig tight;
  tight.max_keys_per_rule = 64;
  RunResult r = run(*graph, events, tight);
  CHECK(r.stats.accepted == events.size());
  CHECK(r.count("new_host") == 3000);  // every service's first sighting
  CHECK(r.count("two_step") == 1);
  CHECK(r.state.evicted > 0);
}
