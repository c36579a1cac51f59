#include "engine/state/tumbling_aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/state/quantile.hpp"

namespace sigil::state {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<double, 4> kQuantiles{0.5, 0.9, 0.95, 0.99};

}  // namespace

double BucketResult::value(AggregateFn fn) const {
  switch (fn) {
    case AggregateFn::count: return static_cast<double>(count);
    case AggregateFn::sum: return sum;
    case AggregateFn::avg: return avg();
    case AggregateFn::min: return min;
    case AggregateFn::max: return max;
    case AggregateFn::distinct: return static_cast<double>(distinct);
    case AggregateFn::p50: return percentiles[0];
    case AggregateFn::p90: return percentiles[1];
    case AggregateFn::p95: return percentiles[2];
    case AggregateFn::p99: return percentiles[3];
  }
  return kNaN;
}

TumblingAggregate::TumblingAggregate(Options options) : options_(options) {
  if (options_.length < 1) options_.length = 1;
  if (options_.max_open == 0) options_.max_open = 1;
}

bool TumblingAggregate::add(TimeNs time, double value, std::uint64_t hash) {
  if (!std::isfinite(value)) {
    ++invalid_;
    return false;
  }
  const TimeNs start = bucket_start(time, options_.length);
  const bool closed = [&] {
    return watermark_ != kNoTime && start <= window_floor(watermark_, options_.length);
  }();
  if (closed || (open_.size() >= options_.max_open && start < open_.front().start)) {
    ++late_;
    return false;
  }
  Bucket& b = bucket_for(start);
  if (b.count == 0) {
    b.min = b.max = value;
  } else {
    b.min = std::min(b.min, value);
    b.max = std::max(b.max, value);
  }
  ++b.count;
  b.sum.add(value);
  if ((options_.percentiles || options_.distinct) && !b.samples) b.samples = std::make_unique<Bucket::Samples>();
  if (options_.percentiles) {
    if (b.samples->values.size() < options_.max_values) {
      b.samples->values.push_back(value);
    } else {
      b.truncated = true;
    }
  }
  if (options_.distinct && !b.samples->distinct.contains(hash)) {
    if (b.samples->distinct.size() < options_.max_values) {
      b.samples->distinct.insert(hash);
    } else {
      b.truncated = true;
    }
  }
  return true;
}

TumblingAggregate::Bucket& TumblingAggregate::bucket_for(TimeNs start) {
  auto it = std::lower_bound(open_.begin(), open_.end(), start,
                             [](const Bucket& b, TimeNs s) { return b.start < s; });
  if (it != open_.end() && it->start == start) return *it;
  if (open_.size() >= options_.max_open) {
    // The new bucket is newer than the oldest open one (add() checked): close that one early.
    ++forced_;
    watermark_ = std::max(watermark_, open_.front().start + options_.length);
    close_front(pending());
    it = std::lower_bound(open_.begin(), open_.end(), start,
                          [](const Bucket& b, TimeNs s) { return b.start < s; });
  }
  Bucket fresh;
  fresh.samples = std::move(spare_);
  fresh.start = start;
  return *open_.insert(it, std::move(fresh));
}

void TumblingAggregate::close_front(std::vector<BucketResult>& out) {
  Bucket& b = open_.front();
  BucketResult r;
  r.start = b.start;
  r.count = b.count;
  r.sum = b.sum.value();
  r.min = b.min;
  r.max = b.max;
  r.truncated = b.truncated;
  r.distinct = options_.distinct && b.samples ? b.samples->distinct.size() : 0;
  r.percentiles.fill(kNaN);
  if (options_.percentiles && b.samples) {
    std::vector<double>& values = b.samples->values;
    std::sort(values.begin(), values.end());
    for (std::size_t i = 0; i < kQuantiles.size(); ++i) r.percentiles[i] = quantile_sorted(values, kQuantiles[i]);
  }
  out.push_back(r);
  // Recycle the bucket's buffers.
  b.count = 0;
  b.sum.reset();
  b.truncated = false;
  if (b.samples) {
    b.samples->values.clear();
    b.samples->distinct.clear();
  }
  if (!spare_) spare_ = std::move(b.samples);
  open_.erase(open_.begin());
}

std::size_t TumblingAggregate::close_until(TimeNs watermark, std::vector<BucketResult>& out) {
  const std::size_t before = out.size();
  if (pending_) {
    out.insert(out.end(), pending_->begin(), pending_->end());
    pending_->clear();
  }
  if (watermark_ == kNoTime || watermark > watermark_) watermark_ = watermark;
  while (!open_.empty() && open_.front().start <= window_floor(watermark_, options_.length)) close_front(out);
  return out.size() - before;
}

std::size_t TumblingAggregate::close_all(std::vector<BucketResult>& out) {
  const std::size_t before = out.size();
  if (pending_) {
    out.insert(out.end(), pending_->begin(), pending_->end());
    pending_->clear();
  }
  while (!open_.empty()) {
    watermark_ = std::max(watermark_, open_.front().start + options_.length);
    close_front(out);
  }
  return out.size() - before;
}

void TumblingAggregate::clear() {
  open_.clear();
  pending_.reset();
  watermark_ = kNoTime;
}

std::vector<BucketResult>& TumblingAggregate::pending() {
  if (!pending_) pending_ = std::make_unique<std::vector<BucketResult>>();
  return *pending_;
}

std::size_t TumblingAggregate::memory_bytes() const {
  auto samples_bytes = [](const Bucket::Samples& s) {
    return sizeof(s) + s.values.capacity() * sizeof(double) + s.distinct.memory_bytes();
  };
  std::size_t bytes = sizeof(*this) + open_.capacity() * sizeof(Bucket);
  for (const Bucket& b : open_)
    if (b.samples) bytes += samples_bytes(*b.samples);
  if (spare_) bytes += samples_bytes(*spare_);
  if (pending_) bytes += sizeof(*pending_) + pending_->capacity() * sizeof(BucketResult);
  return bytes;
}

namespace {

void write_result(Writer& w, const BucketResult& r) {
  w.i64(r.start);
  w.varint(r.count);
  w.f64(r.sum);
  w.f64(r.min);
  w.f64(r.max);
  w.varint(r.distinct);
  for (double p : r.percentiles) w.f64(p);
  w.boolean(r.truncated);
}

bool read_result(Reader& r, BucketResult& out) {
  if (!r.i64(out.start) || !r.varint(out.count) || !r.f64(out.sum) || !r.f64(out.min) || !r.f64(out.max) ||
      !r.varint(out.distinct))
    return false;
  for (double& p : out.percentiles)
    if (!r.f64(p)) return false;
  return r.boolean(out.truncated);
}

}  // namespace

void TumblingAggregate::write_to(Writer& w) const {
  w.header(SnapshotTag::tumbling_aggregate, kVersion);
  w.i64(options_.length);
  w.boolean(options_.distinct);
  w.boolean(options_.percentiles);
  w.varint(options_.max_open);
  w.varint(options_.max_values);
  w.i64(watermark_);
  w.varint(late_);
  w.varint(forced_);
  w.varint(invalid_);
  w.varint(pending_ ? pending_->size() : 0);
  if (pending_)
    for (const auto& r : *pending_) write_result(w, r);
  w.varint(open_.size());
  for (const Bucket& b : open_) {
    w.i64(b.start);
    w.varint(b.count);
    w.f64(b.sum.sum_part());
    w.f64(b.sum.compensation_part());
    w.f64(b.min);
    w.f64(b.max);
    w.boolean(b.truncated);
    w.varint(b.samples ? b.samples->values.size() : 0);
    if (b.samples)
      for (double v : b.samples->values) w.f64(v);
    w.varint(b.samples ? b.samples->distinct.size() : 0);
    if (b.samples) b.samples->distinct.for_each([&](std::uint64_t h) { w.varint(h); });
  }
}

bool TumblingAggregate::read_from(Reader& r) {
  clear();
  Options o;
  std::int64_t watermark = 0;
  std::uint64_t max_open = 0, max_values = 0, late = 0, forced = 0, invalid = 0;
  if (!r.header(SnapshotTag::tumbling_aggregate, kVersion) || !r.i64(o.length) || !r.boolean(o.distinct) ||
      !r.boolean(o.percentiles) || !r.varint(max_open) || !r.varint(max_values) || !r.i64(watermark) ||
      !r.varint(late) || !r.varint(forced) || !r.varint(invalid))
    return false;
  o.max_open = max_open;
  o.max_values = max_values;
  if (!(o == options_)) return r.fail("tumbling window options differ from the rule's");
  std::size_t n = 0;
  if (!r.count(n, 8 * 7 + 5, options_.max_open)) return false;
  for (std::size_t i = 0; i < n; ++i) {
    BucketResult res;
    if (!read_result(r, res)) return clear(), false;
    pending().push_back(res);
  }
  if (!r.count(n, 8 * 4 + 5, options_.max_open)) return clear(), false;
  for (std::size_t i = 0; i < n; ++i) {
    Bucket b;
    double s = 0, c = 0;
    if (!r.i64(b.start) || !r.varint(b.count) || !r.f64(s) || !r.f64(c) || !r.f64(b.min) || !r.f64(b.max) ||
        !r.boolean(b.truncated))
      return clear(), false;
    b.sum.restore(s, c);
    if (b.count == 0) return clear(), r.fail("open bucket without events");
    if (bucket_start(b.start, options_.length) != b.start) return clear(), r.fail("bucket start not aligned");
    if (watermark != kNoTime && b.start <= window_floor(watermark, options_.length))
      return clear(), r.fail("open bucket already closed by the watermark");
    if (!open_.empty() && open_.back().start >= b.start) return clear(), r.fail("open buckets out of order");
    std::size_t m = 0;
    if (!r.count(m, 8, options_.percentiles ? std::min<std::uint64_t>(options_.max_values, b.count) : 0))
      return clear(), false;
    if (options_.percentiles || options_.distinct) b.samples = std::make_unique<Bucket::Samples>();
    if (m > 0) b.samples->values.resize(m);
    for (std::size_t j = 0; j < m; ++j)
      if (!r.f64(b.samples->values[j])) return clear(), false;
    if (!r.count(m, 1, options_.distinct ? std::min<std::uint64_t>(options_.max_values, b.count) : 0))
      return clear(), false;
    for (std::size_t j = 0; j < m; ++j) {
      std::uint64_t h = 0;
      if (!r.varint(h)) return clear(), false;
      if (!b.samples->distinct.insert(h)) return clear(), r.fail("distinct hash listed twice");
    }
    open_.push_back(std::move(b));
  }
  watermark_ = watermark;
  late_ = late;
  forced_ = forced;
  invalid_ = invalid;
  return true;
}

}  // namespace sigil::state
