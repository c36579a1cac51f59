#pragma once
// TimeOrderedMap<V>: a hash map from a 64-bit key (already a hash) to V, whose entries also
// form a doubly linked list sorted by a per-entry time (oldest first). It is the machinery under
// KeyTable (LRU + TTL), SlidingDistinct (value -> last seen), NewTermsTracker and Suppressor:
// look up by key in O(1), drop the oldest in O(1).
//
// Contract: find/insert/erase O(1) expected; insert(key, t) and set_time(i, t) place the entry
// after every entry with time <= t by walking back from the newest: O(1) when t is the newest
// time (in-order events, or a caller that passes a clock that never goes back), O(k) for an entry
// placed k positions from the back (late events). Equal times keep arrival order.
// Indices (Index) are stable until the entry is erased; erased nodes are reused. V must be
// movable; insert(key, time) without a value needs a default-constructible V.
//
// IMPLEMENTATION: nodes live in one vector (free list threaded through `next`); the index is an
// open-addressing table of uint32 node indices, linear probing on mix64(key), load factor
// <= 3/4, backward-shift deletion (no tombstones). Memory per entry: sizeof(Node) = 24 bytes +
// sizeof(V) (rounded to 8), times vector growth slack (1x..2x), plus 4 bytes per index slot
// (5.3..10.7 bytes per entry at load 3/4..3/8). Up to 2^32 - 1 entries.
//
// Thread safety: single-threaded (a shard owns it).

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "engine/state/hash.hpp"
#include "engine/state/time.hpp"

namespace sigil::state {

template <class V>
class TimeOrderedMap {
 public:
  using Index = std::uint32_t;
  static constexpr Index npos = std::numeric_limits<Index>::max();

  struct Node {
    std::uint64_t key = 0;
    TimeNs time = 0;
    Index prev = npos;  // older
    Index next = npos;  // newer (or the next free node)
    [[no_unique_address]] V value;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Index oldest() const { return head_; }
  Index newest() const { return tail_; }
  Index newer(Index i) const { return nodes_[i].next; }
  Index older(Index i) const { return nodes_[i].prev; }
  std::uint64_t key(Index i) const { return nodes_[i].key; }
  TimeNs time(Index i) const { return nodes_[i].time; }
  V& value(Index i) { return nodes_[i].value; }
  const V& value(Index i) const { return nodes_[i].value; }

  Index find(std::uint64_t key) const {
    if (size_ == 0) return npos;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = mix64(key) & mask;; s = (s + 1) & mask) {
      const Index i = slots_[s];
      if (i == npos) return npos;
      if (nodes_[i].key == key) return i;
    }
  }

  // Adds `key` (which must be absent) at time `time`; returns its index.
  Index insert(std::uint64_t key, TimeNs time)
    requires std::default_initializable<V>
  {
    return insert(key, time, V{});
  }
  Index insert(std::uint64_t key, TimeNs time, V value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 8 : slots_.size() * 2);
    Index i;
    if (free_ != npos) {
      i = free_;
      free_ = nodes_[i].next;
      Node& n = nodes_[i];
      n.key = key;
      n.time = time;
      n.value = std::move(value);
    } else {
      i = static_cast<Index>(nodes_.size());
      nodes_.push_back(Node{key, time, npos, npos, std::move(value)});
    }
    place(i);
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = mix64(key) & mask;
    while (slots_[s] != npos) s = (s + 1) & mask;
    slots_[s] = i;
    ++size_;
    return i;
  }

  // Moves entry i to its place for `time`.
  void set_time(Index i, TimeNs time) {
    Node& n = nodes_[i];
    if (n.time == time) return;
    n.time = time;
    if (i == tail_ && (n.prev == npos || nodes_[n.prev].time <= time)) return;
    unlink(i);
    place(i);
  }

  void erase(Index i) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = mix64(nodes_[i].key) & mask;
    while (slots_[s] != i) s = (s + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole.
    std::size_t hole = s;
    for (std::size_t j = (s + 1) & mask; slots_[j] != npos; j = (j + 1) & mask) {
      const std::size_t home = mix64(nodes_[slots_[j]].key) & mask;
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      slots_[hole] = slots_[j];
      hole = j;
    }
    slots_[hole] = npos;
    unlink(i);
    // Free what the value owns now (a value that cannot be default-constructed keeps its memory
    // until the node is reused).
    if constexpr (std::default_initializable<V>) nodes_[i].value = V{};
    nodes_[i].next = free_;
    nodes_[i].prev = npos;
    free_ = i;
    --size_;
  }

  void clear() {
    nodes_.clear();
    slots_.assign(slots_.size(), npos);
    free_ = head_ = tail_ = npos;
    size_ = 0;
  }

  void reserve(std::size_t n) {
    nodes_.reserve(n);
    std::size_t want = 8;
    while (n * 4 > want * 3) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

  // Bytes of the live entries and the index (memory_bytes() without unused node capacity).
  std::size_t live_bytes() const { return sizeof(*this) + size_ * sizeof(Node) + slots_.capacity() * sizeof(Index); }

  // Bytes held by this map (nodes and index), not counting heap memory owned by the values.
  std::size_t memory_bytes() const {
    return sizeof(*this) + nodes_.capacity() * sizeof(Node) + slots_.capacity() * sizeof(Index);
  }

 private:
  void unlink(Index i) {
    Node& n = nodes_[i];
    (n.prev == npos ? head_ : nodes_[n.prev].next) = n.next;
    (n.next == npos ? tail_ : nodes_[n.next].prev) = n.prev;
    n.prev = n.next = npos;
  }

  // Links node i after the newest entry whose time is <= its time.
  void place(Index i) {
    Node& n = nodes_[i];
    Index after = tail_;
    while (after != npos && nodes_[after].time > n.time) after = nodes_[after].prev;
    n.prev = after;
    n.next = after == npos ? head_ : nodes_[after].next;
    (n.prev == npos ? head_ : nodes_[n.prev].next) = i;
    (n.next == npos ? tail_ : nodes_[n.next].prev) = i;
  }

  void rehash(std::size_t slot_count) {
    slots_.assign(slot_count, npos);
    const std::size_t mask = slot_count - 1;
    for (Index i = head_; i != npos; i = nodes_[i].next) {
      std::size_t s = mix64(nodes_[i].key) & mask;
      while (slots_[s] != npos) s = (s + 1) & mask;
      slots_[s] = i;
    }
  }

  std::vector<Node> nodes_;
  std::vector<Index> slots_;
  Index free_ = npos;
  Index head_ = npos;
  Index tail_ = npos;
  std::size_t size_ = 0;
};

}  // namespace sigil::state
