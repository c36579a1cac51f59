#pragma once
// The events that contributed to one piece of state, bounded: the first few and the last few,
// and how many there were in all. A stateful alert shows these as evidence.
// Not thread-safe (a shard owns it).

#include <cstdint>
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
    if (first_.size() < kKeep) {
      first_.push_back(std::move(event));
    } else if (last_.size() < kKeep) {
      last_.push_back(std::move(event));
    } else {  // a ring: overwrite the oldest of the last events
      last_[next_] = std::move(event);
      next_ = (next_ + 1) % kKeep;
    }
  }
  void clear() {
    first_.clear();
    last_.clear();
    next_ = 0;
    count_ = 0;
  }
  // Oldest first.
  std::vector<const StoredEvent*> events() const {
    std::vector<const StoredEvent*> out;
    for (const StoredEvent& e : first_) out.push_back(&e);
    for (std::size_t i = 0; i < last_.size(); ++i) out.push_back(&last_[(next_ + i) % last_.size()]);
    return out;
  }
  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }

  void write_to(state::Writer& w) const {
    w.varint(count_);
    auto list = events();
    w.varint(list.size());
    for (const StoredEvent* e : list) e->write_to(w);
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
  std::vector<StoredEvent> first_;
  std::vector<StoredEvent> last_;
  std::size_t next_ = 0;  // oldest of last_ once it is full
  std::uint64_t count_ = 0;
};

// The most recent events of a sliding window, at most kKeep * 2 of them; which of them are still
// inside the window is decided when an alert is raised (their times are in the events).
class RecentEvents {
 public:
  static constexpr std::size_t kCapacity = 2 * EvidenceLog::kKeep;

  void add(StoredEvent&& event) {
    if (ring_.size() < kCapacity) {
      ring_.push_back(std::move(event));
    } else {
      ring_[next_] = std::move(event);
      next_ = (next_ + 1) % kCapacity;
    }
  }
  void clear() {
    ring_.clear();
    next_ = 0;
  }
  // Oldest first, only the events with time in (end - length, end].
  std::vector<const StoredEvent*> in_window(std::int64_t end, std::int64_t length) const {
    std::vector<const StoredEvent*> out;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
      const StoredEvent& e = ring_[(next_ + i) % ring_.size()];
      if (e.event().time_ns() > end - length && e.event().time_ns() <= end) out.push_back(&e);
    }
    return out;
  }
  void write_to(state::Writer& w) const {
    w.varint(ring_.size());
    for (std::size_t i = 0; i < ring_.size(); ++i) ring_[(next_ + i) % ring_.size()].write_to(w);
  }
  bool read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count) {
    clear();
    std::size_t n = 0;
    if (!r.count(n, 4, kCapacity)) return false;
    for (std::size_t i = 0; i < n; ++i) {
      auto e = StoredEvent::read_from(r, plan, source_count);
      if (!e) return false;
      add(std::move(*e));
    }
    return true;
  }

 private:
  std::vector<StoredEvent> ring_;
  std::size_t next_ = 0;
};

}  // namespace sigil::keyed
