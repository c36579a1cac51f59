#include "dsl/check/duration.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace sigil::dsl::check {
namespace {

constexpr std::array<std::pair<std::string_view, DurationNs>, 5> kUnits = {{
    {"d", 24 * 3600 * kNsPerSecond},
    {"h", 3600 * kNsPerSecond},
    {"m", 60 * kNsPerSecond},
    {"s", kNsPerSecond},
    {"ms", kNsPerSecond / 1000},
}};

std::optional<DurationNs> unit_length(std::string_view unit) {
  for (const auto& [name, length] : kUnits)
    if (name == unit) return length;
  return std::nullopt;
}

}  // namespace

std::optional<DurationNs> check_duration(const syntax::DurationLit& written, Diagnostics& diagnostics) {
  const std::string_view text = written.text;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view unit = text.substr(digits);
  const auto length = unit_length(unit);
  if (!length) {
    auto& d = diagnostics.error("E-BAD-DURATION", written.span,
                                unit.empty() ? fmt::format("`{}` has no unit", text)
                                : unit.front() == '.'
                                    ? fmt::format("`{}` is not a duration: durations are whole numbers", text)
                                    : fmt::format("`{}` is not a duration: unknown unit `{}`", text, unit));
    d.hints.push_back("write a whole number and a unit: ms, s, m, h or d (`30s`, `5m`, `1h`, `90m`, `7d`)");
    return std::nullopt;
  }
  std::uint64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + digits, count);
  const auto max_count = static_cast<std::uint64_t>(std::numeric_limits<DurationNs>::max() / *length);
  if (error != std::errc{} || end != text.data() + digits || count > max_count) {
    diagnostics.error("E-BAD-DURATION", written.span, fmt::format("`{}` is too long to count in nanoseconds", text))
        .hints.push_back(fmt::format("state is kept for at most {}", format_duration(kMaxStateSpan)));
    return std::nullopt;
  }
  if (count == 0) {
    diagnostics.error("E-BAD-DURATION", written.span, fmt::format("`{}` is zero: a duration must be positive", text));
    return std::nullopt;
  }
  return static_cast<DurationNs>(count) * *length;
}

bool check_state_span(DurationNs length, const syntax::DurationLit& written, std::string_view what,
                      Diagnostics& diagnostics) {
  if (length <= kMaxStateSpan) return true;
  auto& d = diagnostics.error(
      "E-STATE-TOO-LARGE", written.span,
      fmt::format("{} of {} is longer than the limit of {}: state must be bounded, and per-key state lives as "
                  "long as the rule's longest span",
                  what, written.text, format_duration(kMaxStateSpan)));
  d.hints.push_back(fmt::format("use at most {}; for longer histories compare with `baseline(NAME, H)`",
                                format_duration(kMaxStateSpan)));
  return false;
}

std::string format_duration(DurationNs length) {
  for (const auto& [name, unit] : kUnits)
    if (length % unit == 0) return fmt::format("{}{}", length / unit, name);
  return fmt::format("{}ns", length);
}

}  // namespace sigil::dsl::check
