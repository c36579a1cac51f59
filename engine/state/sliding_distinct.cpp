#include "engine/state/sliding_distinct.hpp"

namespace sigil::state {
namespace {
constexpr std::uint8_t kVersion = 1;
}

SlidingDistinct::SlidingDistinct(TimeNs length, std::size_t max_values)
    : length_(length < 1 ? 1 : length), max_values_(max_values == 0 ? 1 : max_values) {}

bool SlidingDistinct::add(TimeNs time, std::uint64_t value_hash) {
  if (end_ == kNoTime || time > end_) {
    end_ = time;
    expire_before(window_floor(end_, length_));
  } else if (time <= window_floor(end_, length_)) {
    ++late_;
    return false;
  }
  const auto i = values_.find(value_hash);
  if (i != values_.npos) {
    if (time > values_.time(i)) values_.set_time(i, time);
    return true;
  }
  values_.insert(value_hash, time);
  if (values_.size() > max_values_) {
    values_.erase(values_.oldest());
    ++dropped_;
  }
  return true;
}

void SlidingDistinct::expire_before(TimeNs bound) {
  while (!values_.empty() && values_.time(values_.oldest()) <= bound) values_.erase(values_.oldest());
}

void SlidingDistinct::expire(TimeNs up_to) {
  if (end_ == kNoTime || up_to > end_) {
    end_ = up_to;
    expire_before(window_floor(end_, length_));
  }
}

void SlidingDistinct::clear() {
  values_.clear();
  end_ = kNoTime;
}

TimeNs SlidingDistinct::last_seen(std::uint64_t value_hash) const {
  const auto i = values_.find(value_hash);
  return i == values_.npos ? kNoTime : values_.time(i);
}

void SlidingDistinct::write_to(Writer& w) const {
  w.header(SnapshotTag::sliding_distinct, kVersion);
  w.i64(length_);
  w.varint(max_values_);
  w.i64(end_);
  w.varint(dropped_);
  w.varint(late_);
  w.varint(values_.size());
  TimeNs prev = window_floor(end_, length_);
  for_each([&](std::uint64_t h, TimeNs t) {
    w.varint(static_cast<std::uint64_t>(t - prev));
    w.varint(h);
    prev = t;
  });
}

bool SlidingDistinct::read_from(Reader& r) {
  clear();
  std::int64_t length = 0, end = 0;
  std::uint64_t cap = 0, dropped = 0, late = 0;
  if (!r.header(SnapshotTag::sliding_distinct, kVersion) || !r.i64(length) || !r.varint(cap) || !r.i64(end) ||
      !r.varint(dropped) || !r.varint(late))
    return false;
  if (length != length_) return r.fail("distinct window length differs from the rule's");
  if (cap != max_values_) return r.fail("distinct window value cap differs from the rule's");
  std::size_t n = 0;
  if (!r.count(n, 2, max_values_)) return false;
  if (n > 0 && end == kNoTime) return r.fail("distinct window has values but no end");
  TimeNs prev = window_floor(end, length_);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t delta = 0, h = 0;
    if (!r.varint(delta) || !r.varint(h)) return clear(), false;
    if (delta > static_cast<std::uint64_t>(end - prev) || (i == 0 && delta == 0))
      return clear(), r.fail("distinct value last seen outside (end - length, end]");
    if (values_.find(h) != values_.npos) return clear(), r.fail("distinct value listed twice");
    prev += static_cast<TimeNs>(delta);
    values_.insert(h, prev);
  }
  end_ = end;
  dropped_ = dropped;
  late_ = late;
  return true;
}

}  // namespace sigil::state
