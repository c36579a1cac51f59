#pragma once
// KeyTable<State>: the per-key state of one rule in one shard -- key hash -> State -- with the
// last activity of each key, TTL expiry and a cap with LRU eviction.
//
// In: touch(key_hash, time) for each event of a key (creates a value-initialized State the first
// time); expire(now) as time moves. Out: the State to update; size(), evicted(), expired(),
// memory_bytes(); for_each() oldest activity first (snapshots).
//
// Contract:
//  - Activity time is the table's clock: the maximum event time it has been touched with. A
//    late event keeps its key alive exactly as long as an on-time one would, and the LRU list
//    stays sorted by activity time, so that expiry and eviction are O(1) each.
//  - expire(now) removes the keys idle for ttl or longer: last activity <= now - ttl (the
//    window convention of engine/state/time.hpp). The caller picks a ttl no shorter than the
//    longest window/horizon its State keeps.
//  - At most max_keys keys: creating one more first removes the least recently active key,
//    counted in evicted(). Removed States are destroyed (their memory freed).
//  - References returned by touch()/find() stay valid until that key is removed, or until the
//    next touch() that creates a key (which may grow the node vector).
//  - Thread safety: single-threaded (a shard owns it).
//
// Complexity: touch/find/erase O(1) expected; expire O(1) per removed key; memory_bytes() is
// O(1), or O(n) when State has memory_bytes() (its heap memory is included).
//
// IMPLEMENTATION: a TimeOrderedMap<State> (engine/state/time_ordered_map.hpp): nodes of
// 24 + sizeof(State) bytes in one vector, an open-addressing index of 4-byte slots. Measured
// with a 64-byte State and 1M keys (tests/state/key_table_test.cpp, README.md): 101 bytes per
// key with the node vector grown by doubling (88-byte nodes + 8.4 bytes of index), 96 after
// reserve(); std::unordered_map plus a std::list for the LRU order measured 156.

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"
#include "engine/state/time_ordered_map.hpp"

namespace sigil::state {

template <class State>
class KeyTable {
 public:
  using Map = TimeOrderedMap<State>;

  KeyTable(TimeNs ttl, std::size_t max_keys) : ttl_(ttl < 1 ? 1 : ttl), max_keys_(max_keys < 1 ? 1 : max_keys) {}

  // The state of `key_hash`, created if absent (value-initialized, or by make_state()); marks the
  // key active at `time`.
  State& touch(std::uint64_t key_hash, TimeNs time, bool* created = nullptr)
    requires std::default_initializable<State>
  {
    return touch(key_hash, time, [] { return State{}; }, created);
  }
  template <class MakeState>
  State& touch(std::uint64_t key_hash, TimeNs time, MakeState&& make_state, bool* created = nullptr) {
    if (time > clock_) clock_ = time;
    auto i = map_.find(key_hash);
    if (created) *created = i == Map::npos;
    if (i != Map::npos) {
      map_.set_time(i, clock_);
      return map_.value(i);
    }
    if (map_.size() >= max_keys_) evict_oldest();
    i = map_.insert(key_hash, clock_, make_state());
    return map_.value(i);
  }

  // The state of `key_hash` or nullptr; does not mark it active.
  State* find(std::uint64_t key_hash) {
    const auto i = map_.find(key_hash);
    return i == Map::npos ? nullptr : &map_.value(i);
  }
  const State* find(std::uint64_t key_hash) const {
    const auto i = map_.find(key_hash);
    return i == Map::npos ? nullptr : &map_.value(i);
  }
  TimeNs last_activity(std::uint64_t key_hash) const {
    const auto i = map_.find(key_hash);
    return i == Map::npos ? kNoTime : map_.time(i);
  }

  bool erase(std::uint64_t key_hash) {
    const auto i = map_.find(key_hash);
    if (i == Map::npos) return false;
    remove(i);
    return true;
  }

  // Removes the least recently active key, counted in evicted(); false when empty.
  bool evict_oldest() {
    if (map_.empty()) return false;
    remove(map_.oldest());
    ++evicted_;
    return true;
  }
  // Activity time of the least recently active key, kNoTime when empty.
  TimeNs oldest_activity() const { return map_.empty() ? kNoTime : map_.time(map_.oldest()); }

  // Heap accounting for States with heap_bytes(): the caller reports a key's heap bytes before
  // and after it changed the State; removed keys are subtracted by the table itself.
  void account(std::size_t before, std::size_t after) { heap_ += after - before; }

  // Removes the keys idle for ttl or longer (last activity <= now - ttl); returns how many.
  std::size_t expire(TimeNs now) {
    const TimeNs bound = window_floor(now, ttl_);
    std::size_t n = 0;
    while (!map_.empty() && map_.time(map_.oldest()) <= bound) {
      remove(map_.oldest());
      ++n;
    }
    expired_ += n;
    return n;
  }

  void clear() {
    map_.clear();
    clock_ = kNoTime;
    heap_ = 0;
  }
  void reserve(std::size_t keys) { map_.reserve(keys); }

  std::size_t size() const { return map_.size(); }
  TimeNs ttl() const { return ttl_; }
  std::size_t max_keys() const { return max_keys_; }
  TimeNs clock() const { return clock_; }
  std::uint64_t evicted() const { return evicted_; }
  std::uint64_t expired() const { return expired_; }

  // Bytes held: the table (node vector capacity, index) and, for a State with heap_bytes(), the
  // accounted heap of every State (O(1)); for a State with memory_bytes() instead, the sum over
  // the States (O(n)).
  std::size_t memory_bytes() const {
    std::size_t bytes = sizeof(*this) - sizeof(map_) + map_.memory_bytes() + heap_;
    if constexpr (!kHasHeapBytes &&
                  requires(const State& s) { { s.memory_bytes() } -> std::convertible_to<std::size_t>; }) {
      for (auto i = map_.oldest(); i != Map::npos; i = map_.newer(i))
        bytes += map_.value(i).memory_bytes() - sizeof(State);
    }
    return bytes;
  }

  // What a memory cap compares: memory_bytes() without the node vector's unused capacity (which
  // evicted keys' nodes are reused from, so it does not grow while a cap evicts). O(1).
  std::size_t live_bytes() const { return sizeof(*this) - sizeof(map_) + map_.live_bytes() + heap_; }

  // Calls f(key_hash, last_activity, state) for every key, least recently active first.
  template <class F>
  void for_each(F&& f) const {
    for (auto i = map_.oldest(); i != Map::npos; i = map_.newer(i)) f(map_.key(i), map_.time(i), map_.value(i));
  }
  template <class F>
  void for_each(F&& f) {
    for (auto i = map_.oldest(); i != Map::npos; i = map_.newer(i)) f(map_.key(i), map_.time(i), map_.value(i));
  }

  // Snapshot: write_state(Writer&, const State&) and read_state(Reader&, State&) -> bool
  // encode one State; make_state() builds the State (with the rule's configuration) that
  // read_state fills. For a default-constructible State with write_to/read_from, use the
  // overloads below.
  template <class WriteState>
  void write_to(Writer& w, WriteState&& write_state) const {
    w.header(SnapshotTag::key_table, kVersion);
    w.i64(ttl_);
    w.varint(max_keys_);
    w.i64(clock_);
    w.varint(evicted_);
    w.varint(expired_);
    w.varint(map_.size());
    for_each([&](std::uint64_t key, TimeNs t, const State& s) {
      w.varint(key);
      w.varint(static_cast<std::uint64_t>(clock_) - static_cast<std::uint64_t>(t));
      write_state(w, s);
    });
  }
  template <class MakeState, class ReadState>
  bool read_from(Reader& r, MakeState&& make_state, ReadState&& read_state) {
    clear();
    std::int64_t ttl = 0, clock = 0;
    std::uint64_t cap = 0, evicted = 0, expired = 0;
    if (!r.header(SnapshotTag::key_table, kVersion) || !r.i64(ttl) || !r.varint(cap) || !r.i64(clock) ||
        !r.varint(evicted) || !r.varint(expired))
      return false;
    if (ttl != ttl_ || cap != max_keys_) return r.fail("key table ttl or cap differs from the rule's");
    std::size_t n = 0;
    if (!r.count(n, 2, max_keys_)) return false;
    std::uint64_t prev_age = ~std::uint64_t{0};
    for (std::size_t k = 0; k < n; ++k) {
      std::uint64_t key = 0, age = 0;
      if (!r.varint(key) || !r.varint(age)) return clear(), false;
      if (age > prev_age) return clear(), r.fail("key table entries out of order");
      if (age > static_cast<std::uint64_t>(clock) - static_cast<std::uint64_t>(kNoTime))
        return clear(), r.fail("key table activity time out of range");
      if (map_.find(key) != Map::npos) return clear(), r.fail("key listed twice in the key table");
      const auto i = map_.insert(key, static_cast<TimeNs>(static_cast<std::uint64_t>(clock) - age), make_state());
      if (!read_state(r, map_.value(i))) return clear(), r.ok() ? r.fail("key state rejected") : false;
      if constexpr (kHasHeapBytes) heap_ += map_.value(i).heap_bytes();
      prev_age = age;
    }
    clock_ = clock;
    evicted_ = evicted;
    expired_ = expired;
    return true;
  }

  void write_to(Writer& w) const
    requires requires(const State& s, Writer& w2) { s.write_to(w2); }
  {
    write_to(w, [](Writer& w2, const State& s) { s.write_to(w2); });
  }
  bool read_from(Reader& r)
    requires std::default_initializable<State> && requires(State& s, Reader& r2) { { s.read_from(r2) } -> std::same_as<bool>; }
  {
    return read_from(r, [] { return State{}; }, [](Reader& r2, State& s) { return s.read_from(r2); });
  }

 private:
  static constexpr std::uint8_t kVersion = 1;
  static constexpr bool kHasHeapBytes = requires(const State& s) {
    { s.heap_bytes() } -> std::convertible_to<std::size_t>;
  };

  void remove(typename Map::Index i) {
    if constexpr (kHasHeapBytes) heap_ -= map_.value(i).heap_bytes();
    map_.erase(i);
  }

  TimeNs ttl_;
  std::size_t max_keys_;
  TimeNs clock_ = kNoTime;
  Map map_;
  std::uint64_t evicted_ = 0;
  std::uint64_t expired_ = 0;
  std::size_t heap_ = 0;  // States' heap_bytes(), as accounted
};

}  // namespace sigil::state
