#pragma once
// The events that contributed to one piece of state, bounded: the first few and the last few,
// and how many there were in all. A stateful alert shows these as evidence.
// Not thread-safe (a shard owns it).

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/keyed/stored_event.hpp"

namespace sigil::keyed {

class EvidenceLog {
 public:
  static constexpr std::size_t kKeep = 3;  // first and last events kept

  EvidenceLog() = default;
  EvidenceLog(const EvidenceLog&) = delete;
  EvidenceLog& operator=(const EvidenceLog&) = delete;
  EvidenceLog(EvidenceLog&&) noexcept = default;
  EvidenceLog& operator=(EvidenceLog&&) noexcept = default;

  void add(StoredEvent&& event) {
    ++count_;
    if (first_ < kKeep) {
      slot(first_++) = std::move(event);
    } else if (last_ < kKeep) {
      slot(kKeep + last_++) = std::move(event);
    } else {  // a ring: overwrite the oldest of the last events
      slot(kKeep + next_) = std::move(event);
      next_ = static_cast<std::uint8_t>((next_ + 1) % kKeep);
    }
  }
  // The same, copying the event into the slot it takes (no allocation when it overwrites a slot
  // whose block is large enough).
  void add(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
    if (first_ < kKeep || last_ < kKeep) return add(StoredEvent(event, plan, fields));
    ++count_;
    slot(kKeep + next_).assign(event, plan, fields);
    next_ = static_cast<std::uint8_t>((next_ + 1) % kKeep);
  }
  void clear() {
    slots_.reset();
    made_ = first_ = last_ = next_ = 0;
    count_ = 0;
  }
  // Oldest first.
  std::vector<const StoredEvent*> events() const {
    std::vector<const StoredEvent*> out;
    for (std::size_t i = 0; i < first_; ++i) out.push_back(&slots_[i]);
    for (std::size_t i = 0; i < last_; ++i) out.push_back(&slots_[kKeep + (next_ + i) % last_]);
    return out;
  }
  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Heap bytes owned (the slots and the stored events, with the allocator's per-block overhead).
  std::size_t heap_bytes() const {
    std::size_t bytes = malloc_bytes(made_ * sizeof(StoredEvent));
    for (std::size_t i = 0; i < made_; ++i) bytes += slots_[i].heap_bytes();
    return bytes;
  }

  void write_to(state::Writer& w, const FieldPlan& plan) const {
    w.varint(count_);
    auto list = events();
    w.varint(list.size());
    for (const StoredEvent* e : list) e->write_to(w, plan);
  }
  bool read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count) {
    clear();
    std::uint64_t count = 0;
    std::size_t n = 0;
    if (!r.varint(count) || !r.count(n, 4, 2 * kKeep)) return false;
    for (std::size_t i = 0; i < n; ++i) {
      auto e = StoredEvent::read_from(r, plan, source_count);
      if (!e) return false;
      add(std::move(*e));
    }
    if (count < n) return r.fail("evidence log: count below the events kept");
    count_ = count;
    return true;
  }

 private:
  // Slots are made kKeep at the first event, all 2 kKeep at the first "last" event.
  StoredEvent& slot(std::size_t i) {
    if (i >= made_) {
      const std::uint8_t made = i < kKeep ? kKeep : 2 * kKeep;
      auto next = std::make_unique<StoredEvent[]>(made);
      for (std::size_t k = 0; k < made_; ++k) next[k] = std::move(slots_[k]);
      slots_ = std::move(next);
      made_ = made;
    }
    return slots_[i];
  }

  std::unique_ptr<StoredEvent[]> slots_;  // [0, kKeep): the first events; [kKeep, 2 kKeep): a ring of the last
  std::uint64_t count_ = 0;
  std::uint8_t made_ = 0;  // slots allocated
  std::uint8_t first_ = 0;
  std::uint8_t last_ = 0;
  std::uint8_t next_ = 0;  // oldest of the last events once they are kKeep
};

// The most recent events of a sliding window, at most kKeep * 2 of them; which of them are still
// inside the window is decided when an alert is raised (their times are in the events).
class RecentEvents {
 public:
  static constexpr std::size_t kCapacity = 2 * EvidenceLog::kKeep;

  // Copies the event into the ring, overwriting the oldest once full (reusing its block: no
  // allocation in steady state). clear() keeps the slots and their blocks.
  void add(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
    if (size_ < kCapacity) {
      if (size_ == slots()) grow();
      slot(size_++).assign(event, plan, fields);  // next_ is 0 until the ring is full
    } else {
      slot(next_).assign(event, plan, fields);
      next_ = static_cast<std::uint8_t>((next_ + 1) % kCapacity);
    }
  }
  void clear() {
    size_ = 0;
    next_ = 0;
  }
  std::size_t heap_bytes() const {
    std::size_t bytes = first_.heap_bytes();
    if (rest_made_ != 0) bytes += malloc_bytes(rest_made_ * sizeof(StoredEvent));
    for (std::size_t i = 0; i < rest_made_; ++i) bytes += rest_[i].heap_bytes();
    return bytes;
  }
  // Oldest first, only the events with time in (end - length, end].
  std::vector<const StoredEvent*> in_window(std::int64_t end, std::int64_t length) const {
    std::vector<const StoredEvent*> out;
    for (std::size_t i = 0; i < size_; ++i) {
      const StoredEvent& e = at(i);
      if (e.time_ns() > end - length && e.time_ns() <= end) out.push_back(&e);
    }
    return out;
  }
  void write_to(state::Writer& w, const FieldPlan& plan) const {
    w.varint(size_);
    for (std::size_t i = 0; i < size_; ++i) at(i).write_to(w, plan);
  }
  bool read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count) {
    first_ = StoredEvent{};
    rest_.reset();
    rest_made_ = 0;
    clear();
    std::size_t n = 0;
    if (!r.count(n, 4, kCapacity)) return false;
    for (std::size_t i = 0; i < n; ++i) {
      auto e = StoredEvent::read_from(r, plan, source_count);
      if (!e) return false;
      if (size_ == slots()) grow();
      slot(size_++) = std::move(*e);
    }
    return true;
  }

 private:
  // Slot 0 is in the object (most keys see one event); the others are made 1, then all of them.
  std::size_t slots() const { return 1 + std::size_t{rest_made_}; }
  StoredEvent& slot(std::size_t i) { return i == 0 ? first_ : rest_[i - 1]; }
  const StoredEvent& slot(std::size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }
  // The i-th oldest kept event: size_ of them starting at next_ (0 until the ring is full).
  const StoredEvent& at(std::size_t i) const { return slot((next_ + i) % kCapacity); }

  void grow() {
    const std::uint8_t made = rest_made_ == 0 ? 1 : static_cast<std::uint8_t>(kCapacity - 1);
    auto next = std::make_unique<StoredEvent[]>(made);
    for (std::size_t i = 0; i < rest_made_; ++i) next[i] = std::move(rest_[i]);
    rest_ = std::move(next);
    rest_made_ = made;
  }

  StoredEvent first_;                     // slot 0
  std::unique_ptr<StoredEvent[]> rest_;   // slots 1 .. rest_made_
  std::uint8_t rest_made_ = 0;
  std::uint8_t next_ = 0;
  std::uint8_t size_ = 0;
};

}  // namespace sigil::keyed
