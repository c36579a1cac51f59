// State keys: `by session.id` versus `by user.id` across sessions, keys that never mix, and a key
// field the event does not have.
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

std::string count_by(const std::string& id, const std::string& key) {
  return rule(id, "prompt", "  window 10m by " + key + "\n  aggregate n = count()\n  having n >= 3");
}

}  // namespace

TEST_CASE("keys: one user over two sessions fires `by user.id`, not `by session.id`") {
  auto graph = compile(count_by("per_session", "session.id") + count_by("per_user", "user.id"));
  RunResult r = run(*graph, {prompt(0, "s1", "alice"), prompt(1 * kSec, "s2", "alice"),
                             prompt(2 * kSec, "s1", "alice"), prompt(3 * kSec, "s2", "alice")});
  INFO(r.describe());
  CHECK(r.count("per_session") == 0);
  REQUIRE(r.count("per_user") == 1);
  CHECK(r.of("per_user")[0].user == "alice");
  CHECK(r.of("per_user")[0].evidence == std::vector<std::string>{"e1", "e2", "e3"});
}

TEST_CASE("keys: two sessions never mix") {
  auto graph = compile(count_by("per_session", "session.id"));
  RunResult r = run(*graph, {prompt(0, "s1"), prompt(1 * kSec, "s2"), prompt(2 * kSec, "s1"),
                             prompt(3 * kSec, "s2"), prompt(4 * kSec, "s2")});
  INFO(r.describe());
  REQUIRE(r.count("per_session") == 1);
  CHECK(r.alerts[0].session == "s2");
  CHECK(r.alerts[0].evidence == std::vector<std::string>{"e2", "e4", "e5"});
  CHECK(r.alerts[0].aggregate("n") == 3);
}

TEST_CASE("keys: a composite key separates each combination") {
  auto graph = compile(count_by("pair", "session.id, user.id"));
  RunResult mixed = run(*graph, {prompt(0, "s1", "a"), prompt(1 * kSec, "s1", "b"), prompt(2 * kSec, "s1", "a")});
  CHECK(mixed.count("pair") == 0);
  RunResult same = run(*graph, {prompt(0, "s1", "a"), prompt(1 * kSec, "s1", "b"), prompt(2 * kSec, "s1", "a"),
                                prompt(3 * kSec, "s1", "a")});
  REQUIRE(same.count("pair") == 1);
  CHECK(same.alerts[0].user == "a");
}

TEST_CASE("keys: events without the key field share one key, apart from the events that have it") {
  auto graph = compile(count_by("per_service", "service.name"));
  auto svc = [](std::int64_t at, const std::string& session, const std::string& name) {
    return with(prompt(at, session), R"("service.name":")" + name + "\"");
  };
  // Two events without service.name and two with "a": no key reaches 3.
  RunResult apart = run(*graph, {prompt(0, "s1"), svc(1 * kSec, "s2", "a"), prompt(2 * kSec, "s3"),
                                 svc(3 * kSec, "s4", "a")});
  INFO(apart.describe());
  CHECK(apart.count("per_service") == 0);
  // A third event without it, from yet another session: the keyless events count together.
  RunResult together = run(*graph, {prompt(0, "s1"), svc(1 * kSec, "s2", "a"), prompt(2 * kSec, "s3"),
                                    svc(3 * kSec, "s4", "a"), prompt(4 * kSec, "s5")});
  INFO(together.describe());
  REQUIRE(together.count("per_service") == 1);
  CHECK(together.alerts[0].evidence == std::vector<std::string>{"e1", "e3", "e5"});
}
