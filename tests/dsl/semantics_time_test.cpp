// Semantic matrix, time parts: time.hour / minute / weekday / day / month / year, in UTC and in
// `set timezone "Europe/Paris"` across both 2026 DST changes (29 March and 25 October, 01:00 UTC).
#include <doctest/doctest.h>

#include "dsl/semantics_support.hpp"

using namespace sigil::dsl::semantics;

namespace {

std::string at(const std::string& time) { return event_at("prompt", time); }

const std::string kTimeRules = one("office", "prompt", "time.hour between 9 .. 17") +
                               one("ten", "prompt", "time.hour == 10") +
                               one("two", "prompt", "time.hour == 2") +
                               one("one_am", "prompt", "time.hour == 1") +
                               one("weekend", "prompt", "time.weekday in [\"sat\", \"sunday\"]") +
                               one("weekend_num", "prompt", "time.weekday >= 6") +
                               one("after_hours", "prompt", "time.hour not between 8 .. 19") +
                               one("half", "prompt", "time.minute >= 30") +
                               one("nov", "prompt", "time.month == 11") +
                               one("first", "prompt", "time.day == 1") +
                               one("y2026", "prompt", "time.year == 2026");

}  // namespace

TEST_CASE("time parts in UTC (the default zone): hour bounds, weekday names and numbers") {
  Rules rules(kTimeRules);
  CHECK(rules.fires("office", at("2026-11-25T09:00:00Z")));
  CHECK(rules.fires("office", at("2026-11-25T17:59:59.999Z")));
  CHECK_FALSE(rules.fires("office", at("2026-11-25T08:59:59.999Z")));
  CHECK_FALSE(rules.fires("office", at("2026-11-25T18:00:00Z")));
  CHECK(rules.fires("after_hours", at("2026-11-25T20:00:00Z")));
  CHECK(rules.fires("after_hours", at("2026-11-25T07:59:00Z")));
  CHECK_FALSE(rules.fires("after_hours", at("2026-11-25T08:00:00Z")));
  CHECK_FALSE(rules.fires("after_hours", at("2026-11-25T19:59:00Z")));
  CHECK(rules.fires("weekend", at("2026-11-28T23:30:00Z")));   // Saturday
  CHECK(rules.fires("weekend", at("2026-11-29T00:30:00Z")));   // Sunday
  CHECK_FALSE(rules.fires("weekend", at("2026-11-27T23:59:59Z")));  // Friday
  CHECK_FALSE(rules.fires("weekend", at("2026-11-30T00:00:00Z")));  // Monday
  CHECK(rules.fires("weekend_num", at("2026-11-28T12:00:00Z")));
  CHECK_FALSE(rules.fires("weekend_num", at("2026-11-25T12:00:00Z")));
  CHECK(rules.fires("half", at("2026-11-25T10:30:00Z")));
  CHECK_FALSE(rules.fires("half", at("2026-11-25T10:29:59Z")));
  CHECK(rules.fires("nov", at("2026-11-30T23:59:59Z")));
  CHECK_FALSE(rules.fires("nov", at("2026-12-01T00:00:00Z")));
  CHECK(rules.fires("first", at("2026-12-01T00:00:00Z")));
  CHECK_FALSE(rules.fires("first", at("2026-11-30T23:59:59Z")));
  CHECK(rules.fires("y2026", at("2026-01-01T00:00:00Z")));
  CHECK_FALSE(rules.fires("y2026", at("2025-12-31T23:59:59Z")));
}

TEST_CASE("an event time with an offset is converted to the rule set's zone (UTC)") {
  Rules rules(kTimeRules);
  CHECK(rules.fires("ten", at("2026-11-25T11:00:00+01:00")));
  CHECK_FALSE(rules.fires("ten", at("2026-11-25T10:00:00+01:00")));
  CHECK(rules.fires("ten", event("prompt", "\"time_unix_nano\":1795600800000000000")));  // 2026-11-25T10:00Z
}

TEST_CASE("time parts in Europe/Paris: CET (+1) and CEST (+2) across both DST changes") {
  Rules rules("set timezone \"Europe/Paris\"\n" + kTimeRules);
  // Autumn: 24 Oct 08:30Z = 10:30 CEST; 26 Oct 08:30Z = 09:30 CET.
  CHECK(rules.fires("ten", at("2026-10-24T08:30:00Z")));
  CHECK_FALSE(rules.fires("ten", at("2026-10-26T08:30:00Z")));
  CHECK(rules.fires("ten", at("2026-10-26T09:30:00Z")));
  // The repeated hour of 25 October: 00:30Z and 01:30Z are both 02:30 local.
  CHECK_FALSE(rules.fires("office", at("2026-10-25T00:30:00Z")));
  CHECK(rules.fires("two", at("2026-10-25T00:30:00Z")));   // 02:30 CEST
  CHECK(rules.fires("two", at("2026-10-25T01:30:00Z")));   // 02:30 CET
  CHECK_FALSE(rules.fires("two", at("2026-10-24T23:30:00Z")));  // 01:30 CEST
  CHECK_FALSE(rules.fires("two", at("2026-10-25T02:30:00Z")));  // 03:30 CET
  CHECK_FALSE(rules.fires("ten", at("2026-10-25T08:00:00Z")));  // 09:00 CET
  CHECK(rules.fires("ten", at("2026-10-25T09:00:00Z")));        // 10:00 CET
  // The skipped hour of 29 March: 00:59:59Z is 01:59:59 CET, 01:00Z is 03:00 CEST.
  CHECK(rules.fires("one_am", at("2026-03-29T00:59:59Z")));
  CHECK_FALSE(rules.fires("two", at("2026-03-29T01:00:00Z")));
  // Spring: 28 Mar 07:30Z = 08:30 CET (before 9); 29 Mar 07:30Z = 09:30 CEST.
  CHECK_FALSE(rules.fires("office", at("2026-03-28T07:30:00Z")));
  CHECK(rules.fires("office", at("2026-03-29T07:30:00Z")));
  // Weekday across local midnight: Saturday 23:30Z is Sunday 00:30 in Paris.
  CHECK(rules.fires("weekend", at("2026-11-28T23:30:00Z")));
  CHECK(rules.fires("weekend", at("2026-11-29T22:59:59Z")));   // Sunday 23:59:59 local
  CHECK_FALSE(rules.fires("weekend", at("2026-11-29T23:00:00Z")));  // Monday 00:00 local
  CHECK_FALSE(rules.fires("weekend", at("2026-11-27T22:59:59Z")));  // Friday 23:59:59 local
  CHECK(rules.fires("weekend", at("2026-11-27T23:00:00Z")));   // Saturday 00:00 local
  // Month and day roll over at local midnight too.
  CHECK(rules.fires("first", at("2026-11-30T23:00:00Z")));
  CHECK_FALSE(rules.fires("nov", at("2026-11-30T23:00:00Z")));
  CHECK(rules.fires("y2026", at("2025-12-31T23:00:00Z")));
}
