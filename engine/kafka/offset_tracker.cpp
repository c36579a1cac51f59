#include "engine/kafka/offset_tracker.hpp"

#include <stdexcept>

namespace sigil::kafka {

void OffsetTracker::batch_read(const void* batch, std::vector<std::pair<PartitionKey, std::int64_t>> max_offsets) {
  std::lock_guard lock(mutex_);
  entries_.push_back({batch, std::move(max_offsets)});
}

std::uint64_t OffsetTracker::produced() {
  std::lock_guard lock(mutex_);
  ++unacknowledged_;
  if (first_open_ - base_ < entries_.size()) {
    ++entries_[first_open_ - base_].pending;
    return first_open_;
  }
  ++orphans_;
  return kNoBatch;
}

void OffsetTracker::delivered(std::uint64_t token, bool ok) {
  std::lock_guard lock(mutex_);
  --unacknowledged_;
  if (!ok) failed_ = true;
  if (token == kNoBatch) {
    --orphans_;
    return;
  }
  if (token < base_ || token - base_ >= entries_.size()) throw std::logic_error("offset tracker: unknown token");
  --entries_[token - base_].pending;
}

void OffsetTracker::batch_done(const void* batch) {
  std::lock_guard lock(mutex_);
  if (first_open_ - base_ >= entries_.size() || entries_[first_open_ - base_].batch != batch)
    throw std::logic_error("offset tracker: batches done out of order");
  entries_[first_open_ - base_].done = true;
  ++first_open_;
}

void OffsetTracker::collect(std::map<PartitionKey, std::int64_t>& into) {
  std::lock_guard lock(mutex_);
  if (failed_) return;
  while (!entries_.empty() && entries_.front().done && entries_.front().pending == 0) {
    for (const auto& [key, offset] : entries_.front().max_offsets) {
      std::int64_t& next = into[key];
      next = std::max(next, offset + 1);
    }
    entries_.pop_front();
    ++base_;
  }
}

std::size_t OffsetTracker::batches_open() const {
  std::lock_guard lock(mutex_);
  return base_ + entries_.size() - first_open_;
}

std::uint64_t OffsetTracker::unacknowledged() const {
  std::lock_guard lock(mutex_);
  return unacknowledged_;
}

bool OffsetTracker::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

}  // namespace sigil::kafka
