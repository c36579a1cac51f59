// Fuzz target: event time parsing (engine/ingest/timestamp.hpp), differentially.
//  - parse_rfc3339_ns against a plain reference parser written from RFC 3339 and the decisions
//    documented in timestamp.hpp (years 1970-9999, fraction truncated to 9 digits, ":60" folds
//    into the next second, month lengths checked, result in [0, INT64_MAX] ns): both must accept
//    the same texts and agree on the value.
//  - an accepted time formats (format_rfc3339_ns) to 30 bytes that parse back to the same value;
//    and the first 8 input bytes as an int64 format and parse back (negatives clamp to 0).
//  - parse_unix_nano_string against std::from_chars with the documented rules (1-19 ASCII digits).

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/ingest/timestamp.hpp"
#include "fuzz_support.hpp"

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::int64_t days_from_civil(std::int64_t y, int m, int d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<std::int64_t> reference(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || !(s[10] == 'T' || s[10] == 't' || s[10] == ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
    return std::nullopt;
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day < 1 || day > kDays[month - 1] + (month == 2 && leap)) return std::nullopt;
  std::size_t i = 19;
  std::int64_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n < 9) fraction = fraction * 10 + (s[i] - '0');
      ++n;
      ++i;
    }
    if (n == 0) return std::nullopt;
    for (std::size_t k = n; k < 9; ++k) fraction *= 10;
  }
  std::int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, om)) return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const __int128 secs = static_cast<__int128>(days_from_civil(year, month, day)) * 86400 + hour * 3600 +
                        minute * 60 + second - offset;
  const __int128 ns = secs * 1000000000 + fraction;
  if (ns < 0 || ns > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return static_cast<std::int64_t>(ns);
}

std::string show(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : "rejected"; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::optional<std::int64_t> got = sigil::parse_rfc3339_ns(text);
  const std::optional<std::int64_t> want = reference(text);
  if (got != want)
    sigil_fuzz::fail("parse_rfc3339_ns disagrees with the reference",
                     std::string(text) + "\n  got " + show(got) + "\n  want " + show(want));
  if (got) {
    char buffer[40];
    const std::size_t n = sigil::format_rfc3339_ns(*got, buffer);
    const std::string formatted(buffer, n);
    if (n != 30 || sigil::parse_rfc3339_ns(formatted) != got)
      sigil_fuzz::fail("format/parse round trip", std::string(text) + " -> " + formatted);
  }
  if (size >= 8) {
    std::int64_t ns;
    std::memcpy(&ns, data, 8);
    char buffer[40];
    const std::size_t n = sigil::format_rfc3339_ns(ns, buffer);
    const std::string formatted(buffer, n);
    if (n != 30 || sigil::parse_rfc3339_ns(formatted) != (ns < 0 ? 0 : ns))
      sigil_fuzz::fail("format/parse round trip of an integer", std::to_string(ns) + " -> " + formatted);
  }

  const std::optional<std::int64_t> unix_got = sigil::parse_unix_nano_string(text);
  std::optional<std::int64_t> unix_want;
  if (size >= 1 && size <= 19 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t v;
    auto [end, ec] = std::from_chars(text.data(), text.data() + size, v);
    if (ec == std::errc() && end == text.data() + size) unix_want = v;
  }
  if (unix_got != unix_want)
    sigil_fuzz::fail("parse_unix_nano_string", std::string(text) + "\n  got " + show(unix_got) + "\n  want " + show(unix_want));
  return 0;
}
