#include "engine/match/time_parts.hpp"

#include "engine/match/civil_time.hpp"

namespace sigil::match {

TimeParts time_parts(std::int64_t ns_since_epoch, const TimeZone& zone) {
  const std::int64_t utc_seconds = floor_div(ns_since_epoch, 1'000'000'000);
  const std::int64_t local = utc_seconds + zone.offset_at(utc_seconds);
  const std::int64_t days = floor_div(local, 86400);
  const auto second_of_day = static_cast<unsigned>(local - days * 86400);
  const CivilDate d = civil_from_days(days);
  return {d.year, d.month, d.day, second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60,
          iso_weekday(days)};
}

}  // namespace sigil::match
