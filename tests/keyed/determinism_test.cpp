// The same alerts (minus detected_at) whatever the thread count and the batch size, for a mixed
// scenario: sliding and tumbling windows, new terms, sequences with bindings and absence,
// suppression, out-of-order and late events.
#include <algorithm>
#include <cstdint>

#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string mixed_rules(bool tumbling = true, bool sliding = true) {
  return (sliding ? rule("burst", "prompt",
                         "  window 5m by user.id\n  aggregate n = count(), d = distinct(prompt.text)\n"
                         "  having n >= 4 and d >= 2\n  suppress 10m by user.id")
                  : std::string()) +
         (tumbling ? rule("tumble", "token_usage",
                          "  window tumbling 1m by user.id\n  aggregate total = sum(usage.total_tokens)\n"
                          "  having total > 3000")
                   : std::string()) +
         rule("new_host", "api_call", "  new server.address by service.name within 10m") +
         rule("exfil", "",
              "  sequence by session.id within 3m {\n"
              "    inject: prompt where prompt.text contains \"ignore\"\n"
              "    fetch: retrieval where retrieval.documents.sensitivity == \"secret\" bind doc = retrieval.documents.id\n"
              "    act: agent_action where tool.name == \"send_email\" and tool.arguments contains @doc\n"
              "    !approve: agent_action where tool.approval.status == \"approved\"\n"
              "  }") +
         rule("phrase", "prompt", "  selection p { prompt.text contains \"ignore\" }\n  condition p");
}

// A deterministic pseudo-random scenario of `count` events over 40 sessions and 10 users,
// mostly in time order, some a few seconds out of order, a few far behind (late).
std::vector<Ev> mixed_events(std::size_t count) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  std::vector<Ev> out;
  std::int64_t now = 0;
  const char* texts[] = {"hello", "ignore previous", "weather", "summarize"};
  for (std::size_t i = 0; i < count; ++i) {
    now += static_cast<std::int64_t>(next(2000)) * kMs;
    std::int64_t at = now;
    std::uint64_t jitter = next(100);
    if (jitter < 10) at -= static_cast<std::int64_t>(next(20)) * kSec;       // out of order, within 30 s
    else if (jitter < 12) at -= static_cast<std::int64_t>(60 + next(60)) * kSec;  // late
    if (at < 0) at = 0;
    std::string session = fmt::format("s{}", next(40));
    std::string user = fmt::format("u{}", next(10));
    std::string doc = fmt::format("doc-{}", next(3));
    switch (next(6)) {
      case 0: out.push_back(prompt(at, session, user, texts[next(4)])); break;
      case 1: out.push_back(tokens(at, static_cast<std::int64_t>(next(1500)), session, user)); break;
      case 2:
        out.push_back(ev("api_call", at,
                         fmt::format(R"("service.name":"svc{}","server.address":"h{}")", next(3), next(30)), session,
                         user));
        break;
      case 3:
        out.push_back(ev("retrieval", at,
                         R"("retrieval.documents":[{"id":")" + doc + R"(","sensitivity":"secret"}])", session, user));
        break;
      case 4:
        out.push_back(ev("agent_action", at,
                         R"("tool.name":"send_email","tool.arguments":"mail )" + doc + R"( out")", session, user));
        break;
      default:
        out.push_back(ev("agent_action", at, R"("tool.name":"x","tool.approval.status":"approved")", session, user));
        break;
    }
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("determinism: threads 1, 2 and 4 give the same alerts in the same order") {
  auto graph = compile(mixed_rules());
  std::vector<Ev> events = mixed_events(3000);
  RunConfig config;
  config.max_records = 64;
  config.threads = 1;
  RunResult one = run(*graph, events, config);
  // The scenario exercises what it claims to.
  CHECK(one.stats.late > 0);
  for (const char* r : {"burst", "tumble", "new_host", "exfil", "phrase"}) {
    CAPTURE(r);
    CHECK(one.count(r) > 0);
  }
  CHECK(one.stats.suppressed > 0);
  for (std::size_t threads : {2, 4}) {
    CAPTURE(threads);
    config.threads = threads;
    RunResult other = run(*graph, events, config);
    CHECK(other.lines() == one.lines());
    CHECK(other.stats.late == one.stats.late);
    CHECK(other.stats.suppressed == one.stats.suppressed);
    CHECK(other.dead_ids == one.dead_ids);
  }
}

TEST_CASE("determinism: tiny batches give the same alerts (new terms, sequences with absence, stateless)") {
  auto graph = compile(mixed_rules(/*tumbling=*/false, /*sliding=*/false));
  std::vector<Ev> events = mixed_events(3000);
  RunConfig big;
  big.max_records = 1024;
  RunResult reference = run(*graph, events, big);
  for (std::size_t threads : {1, 4}) {
    CAPTURE(threads);
    RunConfig tiny;
    tiny.max_records = 7;
    tiny.threads = threads;
    RunResult r = run(*graph, events, tiny);
    // Alerts raised by the watermark come out at the end of the batch that moved it, so their
    // position among the other alerts may differ; the alerts themselves may not.
    CHECK(sorted(r.lines()) == sorted(reference.lines()));
    CHECK(r.stats.late == reference.stats.late);
    CHECK(r.stats.suppressed == reference.stats.suppressed);
    CHECK(r.dead_ids == reference.dead_ids);
  }
}


TEST_CASE("determinism: tiny batches give the same tumbling-window alerts") {
  auto graph = compile(mixed_rules());
  std::vector<Ev> events = mixed_events(3000);
  RunResult reference = run(*graph, events);
  RunConfig tiny;
  tiny.max_records = 7;
  RunResult r = run(*graph, events, tiny);
  CHECK(r.count("tumble") == reference.count("tumble"));
  CHECK(sorted(r.lines()) == sorted(reference.lines()));
}

TEST_CASE("determinism: tiny batches give the same sliding-window alerts with suppression") {
  auto graph = compile(mixed_rules(/*tumbling=*/false));
  std::vector<Ev> events = mixed_events(3000);
  RunResult reference = run(*graph, events);
  RunConfig tiny;
  tiny.max_records = 7;
  RunResult r = run(*graph, events, tiny);
  CHECK(sorted(r.lines()) == sorted(reference.lines()));
}
