#pragma once
// SlidingAggregate: count, sum, avg, min, max and percentiles of the (time, value) events in a
// window of length L ending at the latest time seen: (end - L, end] (engine/state/time.hpp).
//
// In: add(time, value) per event (any order), expire(t) to move the end without an event.
// Out: count(), sum(), avg(), min(), max() in O(1); percentile(q, scratch) in O(n).
// Empty window: count 0, sum 0, avg/min/max/percentiles NaN.
//
// Contract:
//  - add(t, v) first moves the end to max(end, t) and expires; an event with t <= end - L is
//    outside the window: ignored, counted in late(). A non-finite value is ignored, counted in
//    invalid(). Other out-of-order events are inserted at their place in time order.
//  - At most max_entries events are kept: beyond that the oldest is dropped, counted in
//    dropped() (the aggregates then cover the newest max_entries events).
//  - Thread safety: single-threaded (a shard owns it).
//
// Complexity: add is O(1) amortized for in-order events; a late event k positions from the
// back costs O(log n) to find its place and O(k) to shift. expire is O(1) amortized per
// removed event. percentile(): copies the n values into the caller's scratch vector (no
// allocation once it has grown) and runs nth_element: O(n) expected.
//
// IMPLEMENTATION: the events in a Ring sorted by time (ties in arrival order); the sum with
// Neumaier compensation (reset when the window empties); min and max each with a monotonic
// deque (a Ring of the events that can still become the extreme: values strictly decreasing
// for max, increasing for min, in time order). A late event is placed into each deque by time:
// dropped if a later entry beats it, otherwise it removes the earlier entries it beats. A deque
// entry is popped when the identical (time, value) leaves the main ring; equal (time, value)
// pairs are interchangeable, so that is exact.
// Memory: 16 bytes per event in the window (ring capacity: next power of two), plus 16 bytes
// per deque entry (for random values ~ln(n) entries each; monotone data: up to n), plus
// sizeof(SlidingAggregate) (see README.md).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/state/compensated_sum.hpp"
#include "engine/state/ring.hpp"
#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"

namespace sigil::state {

class SlidingAggregate {
 public:
  struct Entry {
    TimeNs time;
    double value;
  };

  // `extremes`: keep the min/max deques (min() and max() are NaN without them; a window whose
  // rule reads neither saves up to 32 bytes per event).
  explicit SlidingAggregate(TimeNs length, std::size_t max_entries = 1u << 16, bool extremes = true);

  // Returns false when the event was not added (late or non-finite).
  bool add(TimeNs time, double value);
  void expire(TimeNs up_to);
  void clear();

  std::size_t count() const { return events_.size(); }
  double sum() const { return events_.empty() ? 0.0 : sum_.value(); }
  double avg() const;
  double min() const;
  double max() const;
  // Percentile q in [0, 1] (type 7, engine/state/quantile.hpp) of the values in the window.
  double percentile(double q, std::vector<double>& scratch) const;

  TimeNs length() const { return length_; }
  TimeNs end() const { return end_; }  // kNoTime before the first event
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t late() const { return late_; }
  std::uint64_t invalid() const { return invalid_; }

  // Calls f(time, value) for each event in the window in time order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < events_.size(); ++i) f(events_[i].time, events_[i].value);
  }

  // Heap bytes plus sizeof(*this).
  std::size_t memory_bytes() const;

  // Snapshot: length and cap are checked against this object's (the rule's) on read.
  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  void drop_front();
  void expire_before(TimeNs bound);  // drops time <= bound
  template <bool IsMax>
  static void deque_add(Ring<Entry>& dq, Entry e);

  TimeNs length_;
  std::size_t max_entries_;
  TimeNs end_ = kNoTime;
  Ring<Entry> events_;
  Ring<Entry> max_;
  Ring<Entry> min_;
  CompensatedSum sum_;
  std::uint64_t dropped_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t invalid_ = 0;
  bool extremes_ = true;
};

}  // namespace sigil::state
