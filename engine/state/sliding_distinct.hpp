#pragma once
// SlidingDistinct: the number of distinct hashed values (engine/state/hash.hpp) seen in a
// window of length L ending at the latest time: (end - L, end].
//
// In: add(time, value_hash) per event (any order), expire(t) to move the end without an event.
// Out: count() -- distinct values whose latest occurrence is in the window -- in O(1).
//
// Contract:
//  - add(t, h) moves the end to max(end, t) and expires; t <= end - L is late: ignored,
//    counted in late(). A value's last-seen time is the max of its occurrences.
//  - At most max_values values are kept; beyond that the one seen least recently is dropped,
//    counted in dropped() (count() is then a lower bound).
//  - Thread safety: single-threaded (a shard owns it).
//
// Complexity: add O(1) expected for in-order events (a value seen again moves to the newest end
// of the list); a late first occurrence placed k values from the newest costs O(k). expire is
// O(1) per removed value.
//
// IMPLEMENTATION: a TimeOrderedMap value-hash -> (last-seen time), kept sorted by last-seen
// time; expiry pops the oldest while it is <= end - L. Only the last-seen time is kept, not the
// count of occurrences in the window: distinct() needs only the former, and the latter would
// cost 16 bytes per event instead of 24 bytes per distinct value.
// Memory: 24 bytes per distinct value in the window (times vector slack) + ~5-11 bytes of index,
// see README.md for the measured figure.

#include <cstddef>
#include <cstdint>

#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"
#include "engine/state/time_ordered_map.hpp"

namespace sigil::state {

class SlidingDistinct {
 public:
  explicit SlidingDistinct(TimeNs length, std::size_t max_values = 1u << 16);

  // Returns false when the event was late (not added).
  bool add(TimeNs time, std::uint64_t value_hash);
  void expire(TimeNs up_to);
  void clear();

  std::size_t count() const { return values_.size(); }
  // Last-seen time of a value in the window, or kNoTime.
  TimeNs last_seen(std::uint64_t value_hash) const;

  TimeNs length() const { return length_; }
  TimeNs end() const { return end_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t late() const { return late_; }

  // Calls f(value_hash, last_seen) oldest first.
  template <class F>
  void for_each(F&& f) const {
    for (auto i = values_.oldest(); i != values_.npos; i = values_.newer(i)) f(values_.key(i), values_.time(i));
  }
  std::size_t memory_bytes() const { return sizeof(*this) - sizeof(values_) + values_.memory_bytes(); }

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  struct Empty {};
  void expire_before(TimeNs bound);

  TimeNs length_;
  std::size_t max_values_;
  TimeNs end_ = kNoTime;
  TimeOrderedMap<Empty> values_;
  std::uint64_t dropped_ = 0;
  std::uint64_t late_ = 0;
};

}  // namespace sigil::state
