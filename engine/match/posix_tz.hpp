#pragma once
// The POSIX TZ rule in a TZif footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3"), which gives local time
// after the file's last transition. Parsed at load time; offset_at() is allocation-free.
//
// Supported: std/dst names (alphabetic or <quoted>), offsets [+-]hh[:mm[:ss]] (POSIX sign: west
// is positive), rules Mm.w.d, Jn and n, transition times [+-]hhh[:mm[:ss]] (RFC 8536 extension).

#include <cstdint>
#include <optional>
#include <string_view>

namespace sigil::match {

class PosixTzRule {
 public:
  // nullopt if `spec` is not a rule this parser understands.
  static std::optional<PosixTzRule> parse(std::string_view spec);

  // UTC offset in seconds (east positive) at `unix_seconds`.
  std::int32_t offset_at(std::int64_t unix_seconds) const;

  bool has_dst() const { return has_dst_; }

  struct Date {
    enum Kind : std::uint8_t { julian_no_leap, zero_based, month_week_day } kind = month_week_day;
    int n = 0, month = 0, week = 0, weekday = 0;  // Jn / n use n; Mm.w.d uses the rest
    std::int32_t time = 7200;                      // seconds after local midnight
  };

 private:
  std::int32_t std_offset_ = 0;  // east positive
  std::int32_t dst_offset_ = 0;
  bool has_dst_ = false;
  Date start_, end_;
};

}  // namespace sigil::match
