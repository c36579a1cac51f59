#include "engine/state/sliding_aggregate.hpp"

#include <cmath>
#include <limits>

#include "engine/state/quantile.hpp"

namespace sigil::state {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Position after the last entry with time <= t (entries sorted by time).
std::size_t upper_bound_time(const Ring<SlidingAggregate::Entry>& r, TimeNs t) {
  return r.partition_point([t](const SlidingAggregate::Entry& e) { return e.time <= t; });
}

}  // namespace

SlidingAggregate::SlidingAggregate(TimeNs length, std::size_t max_entries, bool extremes)
    : length_(length < 1 ? 1 : length), max_entries_(max_entries == 0 ? 1 : max_entries), extremes_(extremes) {}

template <bool IsMax>
void SlidingAggregate::deque_add(Ring<Entry>& dq, Entry e) {
  const auto beats = [](double a, double b) { return IsMax ? a > b : a < b; };
  const std::size_t p = upper_bound_time(dq, e.time);
  if (p < dq.size() && beats(dq[p].value, e.value)) return;  // a later entry always wins
  std::size_t j = p;
  while (j > 0 && beats(e.value, dq[j - 1].value)) --j;
  if (p == dq.size()) {
    while (dq.size() > j) dq.pop_back();
    dq.push_back(e);
  } else {
    dq.erase(j, p);
    dq.insert(j, e);
  }
}

bool SlidingAggregate::add(TimeNs time, double value) {
  if (!std::isfinite(value)) {
    ++invalid_;
    return false;
  }
  if (end_ == kNoTime || time > end_) {
    end_ = time;
    expire_before(window_floor(end_, length_));
  } else if (time <= window_floor(end_, length_)) {
    ++late_;
    return false;
  }
  const Entry e{time, value};
  const std::size_t p = upper_bound_time(events_, time);
  if (p == events_.size()) {
    events_.push_back(e);
  } else {
    events_.insert(p, e);
  }
  sum_.add(value);
  if (extremes_) {
    deque_add<true>(max_, e);
    deque_add<false>(min_, e);
  }
  if (events_.size() > max_entries_) {
    drop_front();
    ++dropped_;
  }
  return true;
}

void SlidingAggregate::drop_front() {
  const Entry f = events_.front();
  events_.pop_front();
  if (!max_.empty() && max_.front().time == f.time && max_.front().value == f.value) max_.pop_front();
  if (!min_.empty() && min_.front().time == f.time && min_.front().value == f.value) min_.pop_front();
  if (events_.empty()) {
    sum_.reset();
  } else {
    sum_.subtract(f.value);
  }
}

void SlidingAggregate::expire_before(TimeNs bound) {
  while (!events_.empty() && events_.front().time <= bound) drop_front();
}

void SlidingAggregate::expire(TimeNs up_to) {
  if (end_ == kNoTime || up_to > end_) {
    end_ = up_to;
    expire_before(window_floor(end_, length_));
  }
}

void SlidingAggregate::clear() {
  events_.clear();
  max_.clear();
  min_.clear();
  sum_.reset();
  end_ = kNoTime;
}

double SlidingAggregate::avg() const {
  return events_.empty() ? kNaN : sum_.value() / static_cast<double>(events_.size());
}
double SlidingAggregate::min() const { return min_.empty() ? kNaN : min_.front().value; }
double SlidingAggregate::max() const { return max_.empty() ? kNaN : max_.front().value; }

double SlidingAggregate::percentile(double q, std::vector<double>& scratch) const {
  scratch.clear();
  for (std::size_t i = 0; i < events_.size(); ++i) scratch.push_back(events_[i].value);
  return quantile_in_place(scratch, q);
}

std::size_t SlidingAggregate::memory_bytes() const {
  return sizeof(*this) + events_.memory_bytes() + max_.memory_bytes() + min_.memory_bytes();
}

void SlidingAggregate::write_to(Writer& w) const {
  w.header(SnapshotTag::sliding_aggregate, kVersion);
  w.i64(length_);
  w.varint(max_entries_);
  w.i64(end_);
  w.varint(dropped_);
  w.varint(late_);
  w.varint(invalid_);
  w.varint(events_.size());
  TimeNs prev = window_floor(end_, length_);
  for (std::size_t i = 0; i < events_.size(); ++i) {
    w.varint(static_cast<std::uint64_t>(events_[i].time - prev));  // > 0 for the first, >= 0 after
    w.f64(events_[i].value);
    prev = events_[i].time;
  }
}

bool SlidingAggregate::read_from(Reader& r) {
  clear();
  std::int64_t length = 0, end = 0;
  std::uint64_t cap = 0, dropped = 0, late = 0, invalid = 0;
  if (!r.header(SnapshotTag::sliding_aggregate, kVersion) || !r.i64(length) || !r.varint(cap) ||
      !r.i64(end) || !r.varint(dropped) || !r.varint(late) || !r.varint(invalid))
    return false;
  if (length != length_) return r.fail("sliding window length differs from the rule's");
  if (cap != max_entries_) return r.fail("sliding window entry cap differs from the rule's");
  std::size_t n = 0;
  if (!r.count(n, 9, max_entries_)) return false;
  if (n > 0 && end == kNoTime) return r.fail("sliding window has events but no end");
  TimeNs prev = window_floor(end, length_);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t delta = 0;
    double value = 0;
    if (!r.varint(delta) || !r.f64(value)) return clear(), false;
    if (delta > static_cast<std::uint64_t>(end - prev) || (i == 0 && delta == 0))
      return clear(), r.fail("sliding window event outside (end - length, end]");
    if (!std::isfinite(value)) return clear(), r.fail("sliding window value is not finite");
    prev += static_cast<TimeNs>(delta);
    const Entry e{prev, value};
    events_.push_back(e);
    sum_.add(value);
    if (extremes_) {
      deque_add<true>(max_, e);
      deque_add<false>(min_, e);
    }
  }
  end_ = end;
  dropped_ = dropped;
  late_ = late;
  invalid_ = invalid;
  return true;
}

}  // namespace sigil::state
