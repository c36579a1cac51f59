#pragma once
// MatchIds: the caller-provided, reusable result of a set match: which pattern ids matched.
//
// A bit set (for O(1) membership and de-duplication) plus the list of set ids (for iteration and
// for clearing in O(matches) rather than O(patterns)). Ids are small dense integers chosen by the
// rule compiler. Storage grows on first use and is then reused: once warmed up (or after
// prepare(id_bound)), insert() and clear() never allocate.
//
// Thread safety: one MatchIds per thread (it is scratch); never shared.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sigil::match {

class MatchIds {
 public:
  // Sizes the storage for ids < id_bound so that later inserts do not allocate.
  void prepare(std::size_t id_bound) {
    if (bits_.size() * 64 < id_bound) bits_.resize((id_bound + 63) / 64, 0);
    if (list_.capacity() < id_bound) list_.reserve(id_bound);
  }

  // Adds `id`; returns false if it was already present.
  bool insert(std::uint32_t id) {
    const std::size_t word = id / 64;
    if (word >= bits_.size()) prepare(std::size_t{id} + 1);  // cold: only before warm-up
    const std::uint64_t mask = std::uint64_t{1} << (id % 64);
    if (bits_[word] & mask) return false;
    bits_[word] |= mask;
    list_.push_back(id);
    return true;
  }

  bool contains(std::uint32_t id) const {
    const std::size_t word = id / 64;
    return word < bits_.size() && (bits_[word] >> (id % 64)) & 1u;
  }

  // The ids inserted since the last clear(), in insertion order.
  std::span<const std::uint32_t> ids() const { return list_; }
  std::size_t size() const { return list_.size(); }
  bool empty() const { return list_.empty(); }

  void clear() {
    for (std::uint32_t id : list_) bits_[id / 64] = 0;
    list_.clear();
  }

  // Reusable buffer for RE2::Set::Match, which reports through a std::vector<int>.
  std::vector<int>& re2_scratch() { return re2_hits_; }

 private:
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint32_t> list_;
  std::vector<int> re2_hits_;
};

}  // namespace sigil::match
