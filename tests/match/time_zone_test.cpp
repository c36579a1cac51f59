#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "engine/match/posix_tz.hpp"
#include "engine/match/time_parts.hpp"
#include "engine/match/time_zone.hpp"

using namespace sigil::match;

namespace {
TimeZone zone(std::string_view name) {
  auto r = TimeZone::load(name);
  INFO(name);
  REQUIRE(std::holds_alternative<TimeZone>(r));
  return std::get<TimeZone>(std::move(r));
}
constexpr std::int64_t kNs = 1'000'000'000;
}  // namespace

TEST_CASE("time parts - UTC, including before the epoch and weekday numbering") {
  const TimeZone utc = TimeZone::utc();
  TimeParts p = time_parts(0, utc);  // Thursday 1970-01-01 00:00:00
  CHECK(p.year == 1970);
  CHECK(p.month == 1);
  CHECK(p.day == 1);
  CHECK(p.hour == 0);
  CHECK(p.weekday == 4);
  p = time_parts(-1, utc);  // one nanosecond earlier: Wednesday 1969-12-31 23:59:59
  CHECK(p.year == 1969);
  CHECK(p.month == 12);
  CHECK(p.day == 31);
  CHECK(p.hour == 23);
  CHECK(p.minute == 59);
  CHECK(p.second == 59);
  CHECK(p.weekday == 3);
  p = time_parts(1'709'164'800 * kNs, utc);  // 2024-02-29 00:00:00, a Thursday
  CHECK(p.month == 2);
  CHECK(p.day == 29);
  CHECK(p.weekday == 4);
  p = time_parts(1'704'585'600 * kNs + 5, utc);  // 2024-01-07, a Sunday
  CHECK(p.weekday == 7);
}

TEST_CASE("time zone - fixed offsets") {
  const std::int64_t t = 1'700'000'000;  // 2023-11-14T22:13:20Z
  TimeParts p = time_parts(t * kNs, zone("+02:00"));
  CHECK(p.day == 15);
  CHECK(p.hour == 0);
  CHECK(p.minute == 13);
  CHECK(p.weekday == 3);
  p = time_parts(t * kNs, zone("-05:30"));
  CHECK(p.hour == 16);
  CHECK(p.minute == 43);
  CHECK(zone("+0530").offset_at(t) == 19800);
  CHECK(zone("Z").offset_at(t) == 0);
  CHECK(zone("UTC").name() == "UTC");
}

TEST_CASE("time zone - errors are reported as text") {
  for (const char* bad : {"Mars/Olympus_Mons", "../etc/passwd", "/etc/passwd", "+25:00", "+02:60", ""}) {
    INFO(bad);
    const auto r = TimeZone::load(bad);
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("time zone") != std::string::npos);
  }
  const auto r = TimeZone::from_tzif("TZif2 but far too short", "Broken/Zone");
  REQUIRE(std::holds_alternative<std::string>(r));
  CHECK(std::get<std::string>(r) == "time zone 'Broken/Zone': not a TZif file");
}

TEST_CASE("time zone - Europe/Paris and America/New_York agree with Python zoneinfo") {
  // tests/match/data/tz_table.txt: instants around every transition 1975-2060 (the ones after
  // 2037 come from the TZif footer rule) and random instants 1900-2100.
  std::ifstream in(SIGIL_SOURCE_DIR "/tests/match/data/tz_table.txt");
  REQUIRE(in.good());
  const TimeZone paris = zone("Europe/Paris"), new_york = zone("America/New_York");
  std::string line;
  int rows = 0, after_2037 = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name;
    std::int64_t t, year;
    unsigned month, day, hour, minute, second, weekday;
    std::int32_t offset;
    fields >> name >> t >> year >> month >> day >> hour >> minute >> second >> weekday >> offset;
    REQUIRE(fields);
    const TimeZone& z = name == "Europe/Paris" ? paris : new_york;
    const TimeParts p = time_parts(t * kNs + 999'999'999, z);  // sub-second part must not matter
    INFO(line);
    CHECK(z.offset_at(t) == offset);
    CHECK(p.year == year);
    CHECK(p.month == month);
    CHECK(p.day == day);
    CHECK(p.hour == hour);
    CHECK(p.minute == minute);
    CHECK(p.second == second);
    CHECK(p.weekday == weekday);
    ++rows;
    after_2037 += year > 2037;
  }
  CHECK(rows > 1000);
  CHECK(after_2037 > 100);
}

TEST_CASE("posix tz rule - footer rules of common zones") {
  const auto paris = PosixTzRule::parse("CET-1CEST,M3.5.0,M10.5.0/3");
  REQUIRE(paris.has_value());
  // 2050-03-27 is the last Sunday of March: DST from 01:00 UTC; ends 2050-10-30 01:00 UTC.
  CHECK(paris->offset_at(2531955600 - 1) == 3600);
  CHECK(paris->offset_at(2531955600) == 7200);
  CHECK(paris->offset_at(2550704400 - 1) == 7200);
  CHECK(paris->offset_at(2550704400) == 3600);

  const auto sydney = PosixTzRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");  // southern hemisphere
  REQUIRE(sydney.has_value());
  CHECK(sydney->offset_at(2524608000) == 11 * 3600);  // 2050-01-01: summer
  CHECK(sydney->offset_at(2540246400) == 10 * 3600);  // 2050-07-01: winter

  const auto fixed = PosixTzRule::parse("<+0330>-3:30");
  REQUIRE(fixed.has_value());
  CHECK_FALSE(fixed->has_dst());
  CHECK(fixed->offset_at(0) == 12600);

  const auto julian = PosixTzRule::parse("XST5XDT,J60/2,300");  // Mar 1 (no leap day) .. day 300
  REQUIRE(julian.has_value());
  CHECK(julian->offset_at(1709251200 + 6 * 3600) == -18000);  // 2024-03-01 06:00Z: DST from 07:00Z
  CHECK(julian->offset_at(1709251200 + 8 * 3600) == -14400);

  for (const char* bad : {"", "C", "CET", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.7,M10.5.0"})
    CHECK_FALSE(PosixTzRule::parse(bad).has_value());
}
