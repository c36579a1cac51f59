#pragma once
// Event time for every state primitive: std::int64_t nanoseconds since the Unix epoch.
//
// Window convention (one for all sliding state): a window of length L ending at time t holds
// the events with time in (t - L, t] -- an event exactly at t - L is OUT, one at t - L + 1ns is
// IN. Tumbling buckets are aligned to multiples of L since the epoch and half-open:
// [k*L, (k+1)*L). Suppression for L after an alert at e covers [e, e + L); "new within a
// horizon H" at t means "not seen in (t - H, t]" (see each header).

#include <cstdint>
#include <limits>

namespace sigil::state {

using TimeNs = std::int64_t;

inline constexpr TimeNs kNoTime = std::numeric_limits<TimeNs>::min();

// True when `time` lies in the window of length `length` ending at `end`: (end - length, end].
constexpr bool in_window(TimeNs time, TimeNs end, TimeNs length) {
  return time <= end && time > end - length;
}

// end - length, saturated at kNoTime (so that times near the minimum do not overflow).
constexpr TimeNs window_floor(TimeNs end, TimeNs length) {
  return end < std::numeric_limits<TimeNs>::min() + length ? kNoTime : end - length;
}

// a + b, saturated at the largest time (b is a length: a window, span or suppression end).
constexpr TimeNs saturating_add(TimeNs a, TimeNs b) {
  if (b > 0 && a > std::numeric_limits<TimeNs>::max() - b) return std::numeric_limits<TimeNs>::max();
  return a + b;
}

// Start of the tumbling bucket of length `length` holding `time` (floor, also for negative times).
constexpr TimeNs bucket_start(TimeNs time, TimeNs length) {
  TimeNs q = time / length;
  if (time % length != 0 && time < 0) --q;
  return q * length;
}

}  // namespace sigil::state
