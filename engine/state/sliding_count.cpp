#include "engine/state/sliding_count.hpp"

#include <algorithm>
#include <limits>

namespace sigil::state {
namespace {
constexpr std::uint8_t kVersion = 1;
}

SlidingCount::SlidingCount(TimeNs length, std::size_t max_entries)
    : length_(length < 1 ? 1 : length),
      max_entries_(static_cast<std::uint32_t>(std::clamp<std::size_t>(max_entries, 1, 1u << 30))) {}

bool SlidingCount::add(TimeNs time) {
  if (end_ == kNoTime || time > end_) {
    end_ = time;
    expire_before(window_floor(end_, length_));
  } else if (time <= window_floor(end_, length_)) {
    ++late_;
    return false;
  }
  // After the last entry with time <= t: ties keep arrival order.
  const std::size_t p = times_.partition_point([time](TimeNs x) { return x <= time; });
  if (p == times_.size()) {
    times_.push_back(time);
  } else {
    times_.insert(p, time);
  }
  if (times_.size() > max_entries_) {
    times_.pop_front();
    if (dropped_ != std::numeric_limits<std::uint32_t>::max()) ++dropped_;
  }
  return true;
}

void SlidingCount::expire_before(TimeNs bound) {
  while (!times_.empty() && times_.front() <= bound) times_.pop_front();
}

void SlidingCount::expire(TimeNs up_to) {
  if (end_ == kNoTime || up_to > end_) {
    end_ = up_to;
    expire_before(window_floor(end_, length_));
  }
}

void SlidingCount::clear() {
  times_.clear();
  end_ = kNoTime;
}

void SlidingCount::write_to(Writer& w) const {
  w.header(SnapshotTag::sliding_count, kVersion);
  w.i64(length_);
  w.varint(max_entries_);
  w.i64(end_);
  w.varint(dropped_);
  w.varint(late_);
  w.varint(times_.size());
  TimeNs prev = window_floor(end_, length_);
  for (std::size_t i = 0; i < times_.size(); ++i) {
    w.varint(static_cast<std::uint64_t>(times_[i] - prev));
    prev = times_[i];
  }
}

bool SlidingCount::read_from(Reader& r) {
  clear();
  std::int64_t length = 0, end = 0;
  std::uint64_t cap = 0, dropped = 0, late = 0;
  if (!r.header(SnapshotTag::sliding_count, kVersion) || !r.i64(length) || !r.varint(cap) || !r.i64(end) ||
      !r.varint(dropped) || !r.varint(late))
    return false;
  if (length != length_) return r.fail("sliding count length differs from the rule's");
  if (cap != max_entries_) return r.fail("sliding count entry cap differs from the rule's");
  if (dropped > std::numeric_limits<std::uint32_t>::max()) return r.fail("sliding count: dropped out of range");
  std::size_t n = 0;
  if (!r.count(n, 1, max_entries_)) return false;
  if (n > 0 && end == kNoTime) return r.fail("sliding count has events but no end");
  TimeNs prev = window_floor(end, length_);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t delta = 0;
    if (!r.varint(delta)) return clear(), false;
    if (delta > static_cast<std::uint64_t>(end - prev) || (i == 0 && delta == 0))
      return clear(), r.fail("sliding count event outside (end - length, end]");
    prev += static_cast<TimeNs>(delta);
    times_.push_back(prev);
  }
  end_ = end;
  dropped_ = static_cast<std::uint32_t>(dropped);
  late_ = late;
  return true;
}

}  // namespace sigil::state
