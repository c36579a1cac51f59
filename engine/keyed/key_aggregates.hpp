#pragma once
// KeyAggregates: the sliding aggregates, sliding distincts and baselines of one window key in one
// exactly sized heap block (a WindowRunner key used to hold a std::vector of each: 72 bytes in
// the table node, and one block per vector). 8 bytes inline; empty (no block) for a rule that
// has none of them, such as a `count()`-only window.
//
// IMPLEMENTATION: the block is an 8-byte header (the three counts) followed by the objects,
// constructed in place in the order above (every object's size is a multiple of 8). Moving
// moves the pointer; the destructor destroys the objects and frees the block.
// Thread safety: none (a shard owns it).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "engine/keyed/stored_event.hpp"
#include "engine/state/baseline_tracker.hpp"
#include "engine/state/sliding_aggregate.hpp"
#include "engine/state/sliding_distinct.hpp"

namespace sigil::keyed {

class KeyAggregates {
 public:
  KeyAggregates() = default;
  KeyAggregates(const KeyAggregates&) = delete;
  KeyAggregates& operator=(const KeyAggregates&) = delete;
  KeyAggregates(KeyAggregates&& o) noexcept : block_(std::exchange(o.block_, nullptr)) {}
  KeyAggregates& operator=(KeyAggregates&& o) noexcept {
    if (this != &o) {
      reset();
      block_ = std::exchange(o.block_, nullptr);
    }
    return *this;
  }
  ~KeyAggregates() { reset(); }

  // Replaces the content with s sliding aggregates, d distincts and b baselines, the i-th of
  // each made by make_sliding(i), make_distinct(i), make_baseline(i). Nothing when all are 0.
  template <class MakeSliding, class MakeDistinct, class MakeBaseline>
  void create(std::size_t s, std::size_t d, std::size_t b, MakeSliding&& make_sliding, MakeDistinct&& make_distinct,
              MakeBaseline&& make_baseline) {
    reset();
    if (s + d + b == 0) return;
    if (std::max({s, d, b}) > 0xFFFF) throw std::length_error("window: over 65535 aggregates of one kind");
    const Header h{static_cast<std::uint16_t>(s), static_cast<std::uint16_t>(d), static_cast<std::uint16_t>(b)};
    char* block = static_cast<char*>(::operator new(block_size(h)));
    new (block) Header(h);
    std::size_t built = 0;  // objects constructed, in block order
    try {
      for (std::size_t i = 0; i < s; ++i, ++built)
        new (object<state::SlidingAggregate>(block, i)) state::SlidingAggregate(make_sliding(i));
      for (std::size_t i = 0; i < d; ++i, ++built)
        new (object<state::SlidingDistinct>(block, i)) state::SlidingDistinct(make_distinct(i));
      for (std::size_t i = 0; i < b; ++i, ++built)
        new (object<state::BaselineTracker>(block, i)) state::BaselineTracker(make_baseline(i));
    } catch (...) {
      destroy(block, built);
      throw;
    }
    block_ = block;
  }

  std::span<state::SlidingAggregate> sliding() { return span<state::SlidingAggregate>(); }
  std::span<const state::SlidingAggregate> sliding() const { return const_cast<KeyAggregates*>(this)->sliding(); }
  std::span<state::SlidingDistinct> distinct() { return span<state::SlidingDistinct>(); }
  std::span<const state::SlidingDistinct> distinct() const { return const_cast<KeyAggregates*>(this)->distinct(); }
  std::span<state::BaselineTracker> baselines() { return span<state::BaselineTracker>(); }
  std::span<const state::BaselineTracker> baselines() const { return const_cast<KeyAggregates*>(this)->baselines(); }

  // Heap bytes: the block (with the allocator's overhead) and what its objects own.
  std::size_t heap_bytes() const {
    if (!block_) return 0;
    std::size_t bytes = malloc_bytes(block_size(header(block_)));
    for (const auto& w : sliding()) bytes += w.memory_bytes() - sizeof(w);
    for (const auto& d : distinct()) bytes += d.memory_bytes() - sizeof(d);
    for (const auto& b : baselines()) bytes += b.memory_bytes() - sizeof(b);
    return bytes;
  }

 private:
  struct Header {
    std::uint16_t sliding = 0, distinct = 0, baselines = 0;
  };
  static constexpr std::size_t kHeader = 8;
  static_assert(sizeof(state::SlidingAggregate) % 8 == 0 && sizeof(state::SlidingDistinct) % 8 == 0 &&
                alignof(state::SlidingAggregate) <= 8 && alignof(state::SlidingDistinct) <= 8 &&
                alignof(state::BaselineTracker) <= 8);

  static const Header& header(const char* block) { return *std::launder(reinterpret_cast<const Header*>(block)); }
  static std::size_t block_size(const Header& h) {
    return kHeader + h.sliding * sizeof(state::SlidingAggregate) + h.distinct * sizeof(state::SlidingDistinct) +
           h.baselines * sizeof(state::BaselineTracker);
  }
  // Where the i-th object of type T starts (the block holds the three arrays in order).
  template <class T>
  static void* object(char* block, std::size_t i) {
    const Header& h = header(block);
    std::size_t at = kHeader;
    if constexpr (!std::is_same_v<T, state::SlidingAggregate>) at += h.sliding * sizeof(state::SlidingAggregate);
    if constexpr (std::is_same_v<T, state::BaselineTracker>) at += h.distinct * sizeof(state::SlidingDistinct);
    return block + at + i * sizeof(T);
  }
  template <class T>
  static T& at(char* block, std::size_t i) {
    return *std::launder(static_cast<T*>(object<T>(block, i)));
  }
  template <class T>
  static std::size_t count(const Header& h) {
    if constexpr (std::is_same_v<T, state::SlidingAggregate>) return h.sliding;
    else if constexpr (std::is_same_v<T, state::SlidingDistinct>) return h.distinct;
    else return h.baselines;
  }
  template <class T>
  std::span<T> span() const {
    if (!block_) return {};
    return {std::launder(static_cast<T*>(object<T>(block_, 0))), count<T>(header(block_))};
  }
  // Destroys the first `built` objects (in block order) and frees the block.
  static void destroy(char* block, std::size_t built) {
    const Header h = header(block);
    using state::BaselineTracker, state::SlidingAggregate, state::SlidingDistinct;
    for (std::size_t i = 0; i < h.sliding && built > 0; ++i, --built) at<SlidingAggregate>(block, i).~SlidingAggregate();
    for (std::size_t i = 0; i < h.distinct && built > 0; ++i, --built) at<SlidingDistinct>(block, i).~SlidingDistinct();
    for (std::size_t i = 0; i < h.baselines && built > 0; ++i, --built) at<BaselineTracker>(block, i).~BaselineTracker();
    ::operator delete(block);
  }
  void reset() {
    if (!block_) return;
    const Header& h = header(block_);
    destroy(block_, std::size_t{h.sliding} + h.distinct + h.baselines);
    block_ = nullptr;
  }

  char* block_ = nullptr;
};

}  // namespace sigil::keyed
