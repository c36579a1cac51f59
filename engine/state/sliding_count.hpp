#pragma once
// SlidingCount: the number of events in a window of length L ending at the latest time seen,
// (end - L, end] (engine/state/time.hpp) -- SlidingAggregate's count() without values, sums or
// extremes, for the `count()` of sliding windows (8 bytes per event instead of 16 + 32).
//
// In: add(time) per event (any order), expire(t) to move the end without an event.
// Out: count() and end() -- the same as SlidingAggregate's fed the same times: an event with
// t <= end - L is late (ignored, counted in late()); at most max_entries events are kept, beyond
// that the oldest is dropped (counted in dropped()).
//
// Complexity: add O(1) amortized in order, a late event k positions from the back O(log n + k);
// expire O(1) per removed event. Memory: sizeof(SlidingCount) + 8 bytes per event (ring
// capacity: the next power of two). Thread safety: single-threaded (a shard owns it).

#include <cstddef>
#include <cstdint>

#include "engine/state/ring.hpp"
#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"

namespace sigil::state {

class SlidingCount {
 public:
  explicit SlidingCount(TimeNs length, std::size_t max_entries = 1u << 16);

  bool add(TimeNs time);  // false when late
  void expire(TimeNs up_to);
  void clear();

  std::size_t count() const { return times_.size(); }
  TimeNs end() const { return end_; }
  TimeNs length() const { return length_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t late() const { return late_; }
  std::size_t heap_bytes() const { return times_.memory_bytes(); }

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  void expire_before(TimeNs bound);

  TimeNs length_;
  TimeNs end_ = kNoTime;
  Ring<TimeNs> times_;
  std::uint32_t max_entries_;
  std::uint32_t dropped_ = 0;  // saturating
  std::uint64_t late_ = 0;
};

}  // namespace sigil::state
