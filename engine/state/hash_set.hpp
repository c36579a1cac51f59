#pragma once
// HashSet64: a set of 64-bit hashes (open addressing, linear probing on mix64, load <= 1/2,
// 0 marks an empty slot and the value 0 is kept in a flag). For distinct counts per tumbling
// bucket: insert O(1) expected; clear() keeps the table so a reused bucket does not allocate.
// Memory: 8 bytes per slot, 2..4 slots per element. Thread safety: single-threaded.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/state/hash.hpp"

namespace sigil::state {

class HashSet64 {
 public:
  // Returns true if h was not in the set.
  bool insert(std::uint64_t h) {
    if (h == 0) {
      if (has_zero_) return false;
      has_zero_ = true;
      return true;
    }
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = mix64(h) & mask;; s = (s + 1) & mask) {
      if (slots_[s] == h) return false;
      if (slots_[s] == 0) {
        slots_[s] = h;
        ++used_;
        return true;
      }
    }
  }
  bool contains(std::uint64_t h) const {
    if (h == 0) return has_zero_;
    if (used_ == 0) return false;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = mix64(h) & mask;; s = (s + 1) & mask) {
      if (slots_[s] == h) return true;
      if (slots_[s] == 0) return false;
    }
  }
  std::size_t size() const { return used_ + (has_zero_ ? 1 : 0); }
  void clear() {
    if (used_ > 0) slots_.assign(slots_.size(), 0);
    used_ = 0;
    has_zero_ = false;
  }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint64_t); }
  template <class F>
  void for_each(F&& f) const {
    if (has_zero_) f(std::uint64_t{0});
    for (auto h : slots_)
      if (h != 0) f(h);
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.empty() ? 8 : slots_.size() * 2, 0);
    old.swap(slots_);
    used_ = 0;
    for (auto h : old)
      if (h != 0) insert(h);
  }

  std::vector<std::uint64_t> slots_;
  std::size_t used_ = 0;
  bool has_zero_ = false;
};

}  // namespace sigil::state
