#pragma once
// The fixed words of the rule language that the checker judges (severities, statuses, time parts,
// weekday names, setting keys), with their parsers.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "dsl/check/checked_rule.hpp"

namespace sigil::dsl::check {

inline constexpr std::array<std::string_view, 5> kSeverityNames = {"informational", "low", "medium", "high",
                                                                  "critical"};
inline constexpr std::array<std::string_view, 4> kStatusNames = {"stable", "test", "experimental", "deprecated"};
inline constexpr std::array<std::string_view, 6> kTimePartNames = {"hour", "minute", "weekday",
                                                                   "day",  "month",  "year"};
inline constexpr std::array<std::string_view, 1> kSettingKeys = {"timezone"};

std::optional<RuleSeverity> parse_severity(std::string_view text);
std::optional<RuleStatus> parse_status(std::string_view text);
std::optional<TimePart> parse_time_part(std::string_view text);  // "hour", not "time.hour"

// "monday" / "mon" (any ASCII case) -> 1 .. "sunday" / "sun" -> 7.
std::optional<int> parse_weekday(std::string_view text);

// Inclusive range of valid values of a time part (year: 1970 .. 9999).
struct TimePartRange {
  int low;
  int high;
};
TimePartRange time_part_range(TimePart part);

// "prompt", "prompt, model_response": the kinds of a mask in kind order.
std::string kind_names(KindMask kinds);

}  // namespace sigil::dsl::check
