// parse_rfc3339_ns / parse_unix_nano_string / format_rfc3339_ns: the accepted forms, every class
// of rejection, and pseudo-random dates checked against libc's timegm()/gmtime_r() (used here
// only, as an independent oracle; the engine itself never calls them).

#include "engine/ingest/timestamp.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <random>
#include <string>

namespace {

using sigil::format_rfc3339_ns;
using sigil::parse_rfc3339_ns;
using sigil::parse_unix_nano_string;

constexpr std::int64_t kSec = 1'000'000'000;

std::string format(std::int64_t ns) {
  char out[30];
  const std::size_t n = format_rfc3339_ns(ns, out);
  return std::string(out, n);
}

// The oracle: seconds since the epoch of a UTC calendar time according to libc.
std::int64_t timegm_seconds(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

// Whether the date is on the calendar: timegm() normalizes 2026-02-30 to March 2nd, so a day
// that does not exist comes back with a different day of the month.
bool day_exists(int year, int month, int day) {
  const std::time_t t = static_cast<std::time_t>(timegm_seconds(year, month, day, 0, 0, 0));
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_mday == day;
}

}  // namespace

TEST_CASE("rfc3339: the epoch and a typical event time") {
  CHECK(parse_rfc3339_ns("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.123456Z") ==
        timegm_seconds(2026, 11, 25, 10, 0, 0) * kSec + 123'456'000);
}

TEST_CASE("rfc3339: separators and zone letters in either case") {
  const auto expected = parse_rfc3339_ns("2026-11-25T10:00:00Z");
  REQUIRE(expected.has_value());
  CHECK(parse_rfc3339_ns("2026-11-25t10:00:00Z") == expected);
  CHECK(parse_rfc3339_ns("2026-11-25 10:00:00Z") == expected);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00z") == expected);
}

TEST_CASE("rfc3339: fractions of 1 to 9 digits scale to nanoseconds") {
  const std::int64_t base = *parse_rfc3339_ns("2026-11-25T10:00:00Z");
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.1Z") == base + 100'000'000);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.12Z") == base + 120'000'000);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.123Z") == base + 123'000'000);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.000001Z") == base + 1'000);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.123456789Z") == base + 123'456'789);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.000000001Z") == base + 1);
}

TEST_CASE("rfc3339: fraction digits past the ninth are truncated, not rounded") {
  const std::int64_t base = *parse_rfc3339_ns("2026-11-25T10:00:00Z");
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.1234567891Z") == base + 123'456'789);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.999999999999999Z") == base + 999'999'999);
}

TEST_CASE("rfc3339: offsets are applied to reach UTC") {
  const std::int64_t utc = *parse_rfc3339_ns("2026-11-25T10:00:00Z");
  CHECK(parse_rfc3339_ns("2026-11-25T12:00:00+02:00") == utc);
  CHECK(parse_rfc3339_ns("2026-11-25T04:30:00-05:30") == utc);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00+00:00") == utc);
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00-00:00") == utc);
  // An offset may carry the instant across a day, month and year boundary.
  CHECK(parse_rfc3339_ns("2026-12-31T23:30:00-01:00") == *parse_rfc3339_ns("2027-01-01T00:30:00Z"));
  CHECK(parse_rfc3339_ns("2027-01-01T00:30:00+01:00") == *parse_rfc3339_ns("2026-12-31T23:30:00Z"));
  CHECK(parse_rfc3339_ns("2026-11-25T10:00:00.5+23:59") == utc + 500'000'000 - (23 * 3600 + 59 * 60) * kSec);
}

TEST_CASE("rfc3339: leap years") {
  CHECK(parse_rfc3339_ns("2024-02-29T00:00:00Z") == timegm_seconds(2024, 2, 29, 0, 0, 0) * kSec);
  CHECK(parse_rfc3339_ns("2000-02-29T00:00:00Z").has_value());  // divisible by 400
  CHECK_FALSE(parse_rfc3339_ns("2026-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339_ns("2100-02-29T00:00:00Z").has_value());  // divisible by 100 only
  CHECK_FALSE(parse_rfc3339_ns("2024-02-30T00:00:00Z").has_value());
  CHECK(parse_rfc3339_ns("2024-12-31T00:00:00Z").has_value());
}

TEST_CASE("rfc3339: a leap second is the start of the next second") {
  CHECK(parse_rfc3339_ns("2016-12-31T23:59:60Z") == parse_rfc3339_ns("2017-01-01T00:00:00Z"));
  CHECK(parse_rfc3339_ns("2016-12-31T23:59:60.5Z") == parse_rfc3339_ns("2017-01-01T00:00:00.5Z"));
  CHECK(parse_rfc3339_ns("2016-12-31T18:59:60-05:00") == parse_rfc3339_ns("2017-01-01T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339_ns("2016-12-31T23:59:61Z").has_value());
}

TEST_CASE("rfc3339: the int64 nanosecond range is the limit") {
  CHECK(parse_rfc3339_ns("2262-04-11T23:47:16.854775807Z") == INT64_MAX);
  CHECK_FALSE(parse_rfc3339_ns("2262-04-11T23:47:16.854775808Z").has_value());
  CHECK_FALSE(parse_rfc3339_ns("2262-04-11T23:47:17Z").has_value());
  CHECK_FALSE(parse_rfc3339_ns("2263-01-01T00:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339_ns("9999-12-31T23:59:59Z").has_value());
  // Before the epoch, whether by year or by offset.
  CHECK_FALSE(parse_rfc3339_ns("1969-12-31T23:59:59Z").has_value());
  CHECK_FALSE(parse_rfc3339_ns("1970-01-01T00:00:00+00:01").has_value());
  CHECK(parse_rfc3339_ns("1970-01-01T00:00:00-00:01") == 60 * kSec);
}

TEST_CASE("rfc3339: every class of malformed input is rejected") {
  const char* const bad[] = {
      "",
      "2026",
      "2026-11-25",                          // date only
      "2026-11-25T10:00Z",                   // seconds are required
      "2026-11-25T10:00:00",                 // zone is required
      "2026-11-25T10:00:00.Z",               // '.' without digits
      "2026-11-25T10:00:00.123",             // fraction, then no zone
      "2026-11-25X10:00:00Z",                // separator
      "2026/11/25T10:00:00Z",                // date punctuation
      "2026-11-25T10-00-00Z",                // time punctuation
      "2026-11-25T10:00:00ZZ",               // trailing bytes
      "2026-11-25T10:00:00Z ",
      " 2026-11-25T10:00:00Z",
      "2026-11-25T10:00:00+02:00x",
      "2026-11-25T10:00:00UTC",
      "2O26-11-25T10:00:00Z",                // letter O for zero
      "2026-1a-25T10:00:00Z",
      "2026-11-2 T10:00:00Z",
      "2026-11-25T1 :00:00Z",
      "2026-11-25T10:0x:00Z",
      "2026-11-25T10:00:+0Z",
      "+2026-11-25T10:00:00Z",               // signed year
      "026-11-25T10:00:00Z",                 // three-digit year
      "2026-00-25T10:00:00Z",                // month 0
      "2026-13-25T10:00:00Z",                // month 13
      "2026-11-00T10:00:00Z",                // day 0
      "2026-01-32T10:00:00Z",                // day 32
      "2026-04-31T10:00:00Z",                // April has 30 days
      "2026-11-25T24:00:00Z",                // hour 24
      "2026-11-25T10:60:00Z",                // minute 60
      "2026-11-25T10:00:61Z",                // second 61
      "2026-11-25T10:00:00+24:00",           // offset hour
      "2026-11-25T10:00:00+05:60",           // offset minute
      "2026-11-25T10:00:00+0500",            // offset without colon
      "2026-11-25T10:00:00+05",              // offset without minutes
      "2026-11-25T10:00:00+5:00",
      "2026-11-25T10:00:00+05:00:00",
      "2026-11-25T10:00:00 +05:00",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK_FALSE(parse_rfc3339_ns(text).has_value());
  }
  // Bytes after an embedded NUL are still part of the view and must be rejected.
  CHECK_FALSE(parse_rfc3339_ns(std::string_view("2026-11-25T10:00:00Z\0", 21)).has_value());
}

TEST_CASE("unix nano strings") {
  CHECK(parse_unix_nano_string("0") == 0);
  CHECK(parse_unix_nano_string("1764064800123456000") == 1764064800123456000);
  CHECK(parse_unix_nano_string("0000000000000000042") == 42);  // 19 digits, leading zeros
  CHECK(parse_unix_nano_string("9223372036854775807") == INT64_MAX);
  CHECK_FALSE(parse_unix_nano_string("9223372036854775808").has_value());  // INT64_MAX + 1
  CHECK_FALSE(parse_unix_nano_string("9999999999999999999").has_value());
  CHECK_FALSE(parse_unix_nano_string("00000000000000000001").has_value());  // 20 digits
  CHECK_FALSE(parse_unix_nano_string("").has_value());
  CHECK_FALSE(parse_unix_nano_string("-1").has_value());
  CHECK_FALSE(parse_unix_nano_string("+1").has_value());
  CHECK_FALSE(parse_unix_nano_string(" 1").has_value());
  CHECK_FALSE(parse_unix_nano_string("1 ").has_value());
  CHECK_FALSE(parse_unix_nano_string("1e9").has_value());
  CHECK_FALSE(parse_unix_nano_string("12.5").has_value());
  CHECK_FALSE(parse_unix_nano_string("0x10").has_value());
}

TEST_CASE("format: always 9 fraction digits and Z; negatives clamp to the epoch") {
  CHECK(format(0) == "1970-01-01T00:00:00.000000000Z");
  CHECK(format(*parse_rfc3339_ns("2026-11-25T10:00:00.123456Z")) == "2026-11-25T10:00:00.123456000Z");
  CHECK(format(INT64_MAX) == "2262-04-11T23:47:16.854775807Z");
  CHECK(format(-1) == "1970-01-01T00:00:00.000000000Z");
  CHECK(format(INT64_MIN) == "1970-01-01T00:00:00.000000000Z");
  CHECK(format(*parse_rfc3339_ns("2024-02-29T23:59:59.999999999Z")) == "2024-02-29T23:59:59.999999999Z");
}

TEST_CASE("round trip: format(parse(x)) of canonical text is x") {
  const char* const canonical[] = {
      "1970-01-01T00:00:00.000000000Z", "2000-02-29T12:34:56.789012345Z",
      "2026-11-25T10:00:00.123456000Z", "2100-03-01T00:00:00.000000001Z",
      "2262-04-11T23:47:16.854775807Z",
  };
  for (const char* text : canonical) {
    CAPTURE(text);
    const auto ns = parse_rfc3339_ns(text);
    REQUIRE(ns.has_value());
    CHECK(format(*ns) == text);
  }
}

TEST_CASE("random calendar times agree with timegm, with and without offsets") {
  std::mt19937_64 rng(20261125);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 5000; ++i) {
    const int year = pick(1971, 2199);
    const int month = pick(1, 12);
    const int day = pick(1, 31);
    const int hour = pick(0, 23);
    const int minute = pick(0, 59);
    const int second = pick(0, 59);
    const int nanos = pick(0, 999'999'999);
    const int offset_minutes = pick(-(23 * 60 + 59), 23 * 60 + 59);
    const bool real_day = day_exists(year, month, day);
    const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%09d%c%02d:%02d", year, month, day, hour,
                  minute, second, nanos, offset_minutes < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
    CAPTURE(text);
    const auto parsed = parse_rfc3339_ns(text);
    if (!real_day) {
      CHECK_FALSE(parsed.has_value());
      continue;
    }
    const std::int64_t expected =
        (timegm_seconds(year, month, day, hour, minute, second) - offset_minutes * 60LL) * kSec + nanos;
    REQUIRE(parsed.has_value());
    CHECK(*parsed == expected);
  }
}

TEST_CASE("random instants format like gmtime_r and parse back to themselves") {
  std::mt19937_64 rng(42);
  const std::int64_t end = timegm_seconds(2200, 1, 1, 0, 0, 0) * kSec;
  std::uniform_int_distribution<std::int64_t> instant(0, end - 1);
  for (int i = 0; i < 5000; ++i) {
    const std::int64_t ns = instant(rng);
    const std::string text = format(ns);
    CAPTURE(text);
    const std::time_t seconds = static_cast<std::time_t>(ns / kSec);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ns % kSec));
    CHECK(text == expected);
    CHECK(parse_rfc3339_ns(text) == ns);
  }
}
