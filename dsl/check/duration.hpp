#pragma once
// Durations of the stateful statements (`30s`, `5m`, `1h`, `1d`, `250ms`) -> nanoseconds, and the
// bound on how long state may be kept. Reports E-BAD-DURATION (unknown unit, no unit, a fraction,
// zero, overflow) and E-STATE-TOO-LARGE (beyond kMaxStateSpan).

#include <optional>
#include <string_view>

#include "dsl/check/checked_stateful.hpp"
#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl::check {

inline constexpr DurationNs kNsPerSecond = 1'000'000'000;
inline constexpr DurationNs kMaxStateSpan = 30 * 24 * 3600 * kNsPerSecond;  // 30d

std::optional<DurationNs> check_duration(const syntax::DurationLit& written, Diagnostics& diagnostics);

// E-STATE-TOO-LARGE when `length` exceeds kMaxStateSpan; `what` says whose span it is.
bool check_state_span(DurationNs length, const syntax::DurationLit& written, std::string_view what,
                      Diagnostics& diagnostics);

// In the largest unit that divides it exactly: "30d", "90m", "1500ms".
std::string format_duration(DurationNs length);

}  // namespace sigil::dsl::check
