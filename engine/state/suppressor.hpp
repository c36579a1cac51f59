#pragma once
// Suppressor: "alert once per key and period" (`suppress 30m by user.id`). One Suppressor per
// rule; keys come hashed (engine/state/hash.hpp; an empty `by` is one fixed key).
//
// In: offer(key_hash, time, length) for each alert the rule would raise.
// Out: a Decision: emit (with the number of alerts suppressed for the key since its last emit)
// or suppress. After an emit at e, alerts with time in [e, e + length) are suppressed (counted);
// the first at or after e + length is emitted and starts a new period. (An alert arriving late,
// with a time before e, is suppressed too.)
//
// Bounds: expire(now) forgets keys whose period ended at or before now; the alerts suppressed
// in such a period and never followed by an emit are lost (added to unreported()). At most
// max_keys keys: beyond that the key whose period ends first is forgotten (evicted(), its
// count also added to unreported()), so its next alert is emitted.
//
// Thread safety: single-threaded (a shard owns it). Complexity: offer O(1) expected (periods
// ending out of order cost O(k) to place, k = keys ending later); expire O(1) per key.
// Memory: TimeOrderedMap node 24 + 8 bytes per key + ~5-11 bytes of index (README.md).

#include <cstddef>
#include <cstdint>

#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"
#include "engine/state/time_ordered_map.hpp"

namespace sigil::state {

class Suppressor {
 public:
  struct Decision {
    bool emit = false;
    std::uint64_t suppressed = 0;  // emit: alerts suppressed since the key's last emit
  };

  explicit Suppressor(std::size_t max_keys = 1u << 20);

  Decision offer(std::uint64_t key_hash, TimeNs time, TimeNs length);
  std::size_t expire(TimeNs now);
  void clear();

  std::size_t size() const { return keys_.size(); }
  std::uint64_t evicted() const { return evicted_; }
  std::uint64_t unreported() const { return unreported_; }
  std::size_t memory_bytes() const { return sizeof(*this) - sizeof(keys_) + keys_.memory_bytes(); }

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  struct Entry {
    std::uint64_t suppressed = 0;
  };
  void forget(std::uint32_t i);

  std::size_t max_keys_;
  TimeOrderedMap<Entry> keys_;  // time = end of the suppression period
  std::uint64_t evicted_ = 0;
  std::uint64_t unreported_ = 0;
};

}  // namespace sigil::state
