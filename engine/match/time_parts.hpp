#pragma once
// Calendar parts of an event time in a time zone, for the modifiers minute, hour, day, weekday,
// month, year. Allocation-free; pure.

#include <cstdint>

#include "engine/match/time_zone.hpp"

namespace sigil::match {

struct TimeParts {
  std::int64_t year;
  unsigned month;    // 1..12
  unsigned day;      // 1..31
  unsigned hour;     // 0..23
  unsigned minute;   // 0..59
  unsigned second;   // 0..59
  unsigned weekday;  // ISO: 1 = Monday .. 7 = Sunday
};

// `ns_since_epoch`: event time in nanoseconds since 1970-01-01T00:00:00Z (may be negative).
TimeParts time_parts(std::int64_t ns_since_epoch, const TimeZone& zone);

}  // namespace sigil::match
