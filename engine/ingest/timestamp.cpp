// RFC 3339 and Unix-nanosecond parsing by fixed-position digit reads and Howard Hinnant's
// days-from-civil arithmetic (http://howardhinnant.github.io/date_algorithms.html): no
// allocation, no locale, no libc calls, so one call costs a few tens of nanoseconds.

#include "engine/ingest/timestamp.hpp"

#include <limits>

namespace sigil {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads text[at], text[at+1] as a two-digit number; -1 when either is not a digit.
int two_digits(std::string_view text, std::size_t at) {
  const char a = text[at];
  const char b = text[at + 1];
  if (!is_digit(a) || !is_digit(b)) return -1;
  return (a - '0') * 10 + (b - '0');
}

bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date. Only years >= 0 reach here, so the
// negative-era branch of the original algorithm is not needed.
std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                        // [0, 399]
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    // [0, 146096]
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil, for days >= 0.
Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = days / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);                  // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                      // [0, 11]
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339_ns(std::string_view text) {
  // Fixed part: "YYYY-MM-DDTHH:MM:SS" (19 bytes), then at least a one-byte zone.
  if (text.size() < 20) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') return std::nullopt;
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;

  const int century = two_digits(text, 0);
  const int year_low = two_digits(text, 2);
  const int month = two_digits(text, 5);
  const int day = two_digits(text, 8);
  const int hour = two_digits(text, 11);
  const int minute = two_digits(text, 14);
  const int second = two_digits(text, 17);
  if ((century | year_low | month | day | hour | minute | second) < 0) return std::nullopt;
  const int year = century * 100 + year_low;
  if (year < 1970 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;

  std::size_t at = 19;
  std::int64_t fraction = 0;
  if (text[at] == '.') {
    ++at;
    const std::size_t first = at;
    // Digits past the ninth are read and dropped: RFC 3339 allows any precision, and
    // sub-nanosecond detail cannot be represented anyway.
    while (at < text.size() && is_digit(text[at])) {
      if (at - first < 9) fraction = fraction * 10 + (text[at] - '0');
      ++at;
    }
    const std::size_t digits = at - first;
    if (digits == 0) return std::nullopt;
    static constexpr std::int64_t kScale[10] = {1'000'000'000, 100'000'000, 10'000'000, 1'000'000, 100'000,
                                                10'000,        1'000,       100,        10,        1};
    fraction *= kScale[digits < 9 ? digits : 9];
  }

  if (at >= text.size()) return std::nullopt;
  std::int64_t offset_seconds = 0;
  const char zone = text[at];
  if (zone == 'Z' || zone == 'z') {
    ++at;
  } else if (zone == '+' || zone == '-') {
    if (text.size() - at != 6 || text[at + 3] != ':') return std::nullopt;
    const int offset_hour = two_digits(text, at + 1);
    const int offset_minute = two_digits(text, at + 4);
    if (offset_hour < 0 || offset_minute < 0 || offset_hour > 23 || offset_minute > 59) {
      return std::nullopt;
    }
    offset_seconds = (offset_hour * 60 + offset_minute) * 60;
    if (zone == '-') offset_seconds = -offset_seconds;
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;

  // Local time minus its offset is UTC. Second 60 simply adds up to the next minute's start.
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  if (seconds < 0 || seconds > (kMax - fraction) / kNanosPerSecond) return std::nullopt;
  return seconds * kNanosPerSecond + fraction;
}

std::optional<std::int64_t> parse_unix_nano_string(std::string_view digits) {
  // 19 digits never overflow an unsigned 64-bit accumulator (max 9999999999999999999 < 2^64).
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > static_cast<std::uint64_t>(kMax)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::size_t format_rfc3339_ns(std::int64_t ns, char* out) {
  if (ns < 0) ns = 0;
  const std::int64_t seconds = ns / kNanosPerSecond;
  const auto fraction = static_cast<std::uint32_t>(ns % kNanosPerSecond);
  const std::int64_t days = seconds / 86400;
  auto second_of_day = static_cast<unsigned>(seconds % 86400);
  const Civil date = civil_from_days(days);

  // Writes `value` as exactly `width` decimal digits ending just before `end`.
  auto put = [](char* end, std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) {
      *--end = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  // int64 nanoseconds end in 2262, so the year always has four digits.
  put(out + 4, static_cast<std::uint64_t>(date.year), 4);
  out[4] = '-';
  put(out + 7, date.month, 2);
  out[7] = '-';
  put(out + 10, date.day, 2);
  out[10] = 'T';
  put(out + 13, second_of_day / 3600, 2);
  out[13] = ':';
  second_of_day %= 3600;
  put(out + 16, second_of_day / 60, 2);
  out[16] = ':';
  put(out + 19, second_of_day % 60, 2);
  out[19] = '.';
  put(out + 29, fraction, 9);
  out[29] = 'Z';
  return 30;
}

}  // namespace sigil
