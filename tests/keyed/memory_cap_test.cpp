// StateLimits::max_memory_bytes (`--max-state-memory`): a flood of distinct keys keeps the
// engine-accounted state within the budget, the evictions are counted per rule, and an attack
// whose events come close together still fires; with room for everything, nothing changes.
#include "engine/keyed/byte_size.hpp"
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string rules() {
  return rule("burst", "prompt", "  window 10m by session.id\n  aggregate n = count()\n  having n >= 5") +
         rule("two_step", "",
              "  sequence by session.id within 5m {\n"
              "    a: prompt where prompt.text == \"first\"\n"
              "    b: prompt where prompt.text == \"second\"\n  }");
}

// 20,000 one-event sessions (each starts a window and a sequence instance), with the attacker's
// five prompts and its two-step sequence among them, every 100 noise events.
std::vector<Ev> flood() {
  std::vector<Ev> events;
  std::int64_t t = 0;
  int attacker = 0;
  for (int i = 0; i < 20000; ++i) {
    events.push_back(prompt(t += kMs, fmt::format("noise-{}", i), "u1", i % 2 ? "first" : "hello"));
    if (i % 100 == 50 && attacker < 5) {
      ++attacker;
      events.push_back(prompt(t += kMs, "attacker", "u2", attacker == 1 ? "first" : attacker == 2 ? "second" : "x"));
    }
  }
  return events;
}

}  // namespace

TEST_CASE("memory cap: a flood of keys stays within the budget, evictions counted per rule, the attack fires") {
  auto graph = compile(rules());
  const std::vector<Ev> events = flood();
  RunConfig capped;
  capped.max_memory_bytes = 2u << 20;  // 32 KiB per shard (64 shards)
  RunResult r = run(*graph, events, capped);
  INFO(r.describe());
  CHECK(r.stats.accepted == events.size());
  CHECK(r.live_bytes <= capped.max_memory_bytes);
  CHECK(r.state.evicted > 0);
  REQUIRE(r.state.evicted_per_rule.size() == 2);
  CHECK(r.state.evicted_per_rule[0] > 0);
  CHECK(r.state.evicted_per_rule[1] > 0);
  CHECK(r.state.evicted == r.state.evicted_per_rule[0] + r.state.evicted_per_rule[1]);
  REQUIRE(r.count("burst") == 1);
  CHECK(r.of("burst")[0].session == "attacker");
  REQUIRE(r.count("two_step") == 1);
  CHECK(r.of("two_step")[0].session == "attacker");

  // The same events without a cap: the same alerts, nothing evicted, far more state.
  RunResult roomy = run(*graph, events);
  CHECK(roomy.state.evicted == 0);
  CHECK(roomy.live_bytes > 3 * capped.max_memory_bytes);  // 8.1 MB since the compact state (was 4x)
  CHECK(roomy.count("burst") == 1);
  CHECK(roomy.count("two_step") == 1);
}

TEST_CASE("memory cap: the least recently active keys go first, across rules") {
  auto graph = compile(rules());
  std::vector<Ev> events;
  std::int64_t t = 0;
  // Old sequence instances first, then a flood of window-only keys: the old instances are the
  // least recently active, so they are evicted although the flood is of the other rule.
  for (int i = 0; i < 500; ++i) events.push_back(prompt(t += kMs, fmt::format("old-{}", i), "u1", "first"));
  for (int i = 0; i < 20000; ++i) events.push_back(prompt(t += kMs, fmt::format("new-{}", i), "u1", "hello"));
  RunConfig capped;
  capped.max_memory_bytes = 2u << 20;
  RunResult r = run(*graph, events, capped);
  INFO(r.describe());
  CHECK(r.live_bytes <= capped.max_memory_bytes);
  REQUIRE(r.state.evicted_per_rule.size() == 2);
  CHECK(r.state.evicted_per_rule[1] == 500);  // every old instance
  CHECK(r.state.evicted_per_rule[0] > 0);
}

TEST_CASE("memory cap: a budget smaller than one key evicts each key right after its event, and the run ends") {
  auto graph = compile(rules());
  std::vector<Ev> events;
  for (int i = 0; i < 200; ++i) events.push_back(prompt(i * kMs, "s1", "u1", i % 2 ? "first" : "second"));
  RunConfig tiny;
  tiny.max_memory_bytes = 1;  // below even an empty table's bytes
  RunResult r = run(*graph, events, tiny);
  INFO(r.describe());
  CHECK(r.stats.accepted == events.size());
  CHECK(r.state.keys == 0);
  REQUIRE(r.state.evicted_per_rule.size() == 2);
  CHECK(r.state.evicted_per_rule[0] == events.size());  // burst: every event starts afresh
  // two_step: each "first" starts an instance (evicted); a "second" without one leaves no key.
  CHECK(r.state.evicted_per_rule[1] == events.size() / 2);
  CHECK(r.alerts.empty());  // no state lives long enough to fire
}

TEST_CASE("memory cap: no cap (0) keeps every key") {
  auto graph = compile(rules());
  const std::vector<Ev> events = flood();
  RunConfig uncapped;
  uncapped.max_memory_bytes = 0;
  RunResult r = run(*graph, events, uncapped);
  CHECK(r.state.evicted == 0);
  CHECK(r.count("burst") == 1);
}

TEST_CASE("memory cap: --max-state-memory sizes") {
  using sigil::keyed::parse_byte_size;
  CHECK(parse_byte_size("0") == 0u);
  CHECK(parse_byte_size("65536") == 65536u);
  CHECK(parse_byte_size("512MiB") == std::size_t{512} << 20);
  CHECK(parse_byte_size("2GiB") == std::size_t{2} << 30);
  CHECK(parse_byte_size("300MB") == 300'000'000u);
  CHECK(parse_byte_size("7B") == 7u);
  CHECK_FALSE(parse_byte_size(""));
  CHECK_FALSE(parse_byte_size("MiB"));
  CHECK_FALSE(parse_byte_size("1 GiB"));
  CHECK_FALSE(parse_byte_size("1gib"));
  CHECK_FALSE(parse_byte_size("-1"));
  CHECK_FALSE(parse_byte_size("99999999999999999999"));
  CHECK_FALSE(parse_byte_size("99999999999TiB"));
}
