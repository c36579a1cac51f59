#pragma once
// NewTermsTracker: is this value new for this key? ("new server.address by service.name within
// 30d"). Keys and values come hashed (engine/state/hash.hpp); nothing else is stored.
//
// In: observe(key_hash, value_hash, time, horizon) per event. Out: true when the value has not
// been seen for that key within the horizon, i.e. no earlier observation with a time in
// (time - horizon, ...] -- seen at t0, it is new again from t0 + horizon on, not at
// t0 + horizon - 1ns. Every observation is recorded (last seen = the max of the times), so an
// observation that arrives late counts as seen if the value was already observed at a later
// time (newness follows what has been processed).
//
// Bounds: at most max_per_key values per key and max_total overall; beyond either, the value of
// that key (resp. overall) observed least recently is forgotten (LRU), counted in
// evicted_per_key() / evicted_total(); a forgotten value is new again when it reappears.
// expire(now, horizon) forgets values last observed at or before now - horizon (they would be
// new anyway), counted in expired().
//
// Thread safety: single-threaded (a shard owns it). Complexity: observe and eviction O(1)
// expected; expire O(1) per removed value.
//
// IMPLEMENTATION: one TimeOrderedMap over hash_combine(key, value), ordered by the tracker's
// clock (the max time observed) at the last observation -- so it is always appended, O(1) --
// with each entry also linked into its key's list (same order); and a TimeOrderedMap key ->
// (count, oldest, newest). Memory: 48 bytes per (key, value) + ~5-11 bytes of index, 40 bytes
// per key + index (vector slack on top; README.md has the measured figure).

#include <cstddef>
#include <cstdint>

#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"
#include "engine/state/time_ordered_map.hpp"

namespace sigil::state {

class NewTermsTracker {
 public:
  NewTermsTracker(std::size_t max_per_key, std::size_t max_total);

  bool observe(std::uint64_t key_hash, std::uint64_t value_hash, TimeNs time, TimeNs horizon);
  // Forgets values last observed at or before now - horizon; returns how many.
  std::size_t expire(TimeNs now, TimeNs horizon);
  void clear();

  std::size_t size() const { return terms_.size(); }
  std::size_t keys() const { return keys_.size(); }
  std::size_t values_of(std::uint64_t key_hash) const;
  std::uint64_t evicted_per_key() const { return evicted_per_key_; }
  std::uint64_t evicted_total() const { return evicted_total_; }
  std::uint64_t expired() const { return expired_; }
  std::size_t memory_bytes() const { return sizeof(*this) + terms_.memory_bytes() + keys_.memory_bytes(); }
  // memory_bytes() without unused node capacity (what a memory cap compares).
  std::size_t live_bytes() const { return sizeof(*this) + terms_.live_bytes() + keys_.live_bytes(); }
  // The (key, value) observed least recently: its clock time (INT64_MAX when empty); forgetting
  // it (counted in evicted_total(); false when empty).
  TimeNs oldest_activity() const;
  bool evict_oldest();

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  using Index = std::uint32_t;
  static constexpr Index npos = TimeOrderedMap<int>::npos;
  struct Term {
    std::uint64_t key_hash = 0;
    TimeNs last_seen = 0;
    Index older = npos;  // within the key
    Index newer = npos;
  };
  struct KeyInfo {
    std::uint32_t count = 0;
    Index oldest = npos;
    Index newest = npos;
  };
  void append(Index key, Index term);
  void remove(Index term);
  Index insert(std::uint64_t key_hash, std::uint64_t combined, TimeNs last_seen, TimeNs clock);

  std::size_t max_per_key_;
  std::size_t max_total_;
  TimeNs clock_ = kNoTime;
  TimeOrderedMap<Term> terms_;
  TimeOrderedMap<KeyInfo> keys_;
  std::uint64_t evicted_per_key_ = 0;
  std::uint64_t evicted_total_ = 0;
  std::uint64_t expired_ = 0;
};

}  // namespace sigil::state
