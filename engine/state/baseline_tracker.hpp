#pragma once
// BaselineTracker: the history of one aggregate of one key, for `baseline(agg, H)` and
// `zscore(agg, H)` next to a window of length L.
//
// In: every (time, value[, hash]) of the key that enters the window, and close_until(watermark)
// as time moves. Each completed tumbling bucket of length L (engine/state/tumbling_aggregate.hpp)
// feeds its aggregate (count, sum, avg, min, max, distinct, or a percentile: the `fn` given at
// construction) to an Ewma with alpha = Ewma::alpha_for_span(H / L) -- the baseline spans the
// last ~H/L active buckets.
// Out: baseline() (the Ewma: mean, variance, zscore), defined() after `warmup` completed buckets.
//
// Activity-conditioned: buckets without events are NOT samples. A session is idle most of the
// time; counting its idle buckets as zeros would drag the baseline of count/sum towards 0 (and
// its variance up) so that every burst of normal use looked anomalous, and would need a timer
// per key to emit the zeros. The baseline answers "how much does this key do per L when it is
// active". (Rules that want idle time counted can compare against a rate instead.)
//
// Thread safety: single-threaded (a shard owns it). Complexity: add O(1) expected; close_until
// O(1) per closed bucket (O(n log n) for percentile functions). Memory: sizeof(BaselineTracker)
// (see README.md) + the open buckets of its TumblingAggregate. The closed results go through a
// per-thread scratch vector.

#include <cstdint>
#include <vector>

#include "engine/state/ewma.hpp"
#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"
#include "engine/state/tumbling_aggregate.hpp"

namespace sigil::state {

class BaselineTracker {
 public:
  BaselineTracker(AggregateFn fn, TimeNs length, TimeNs horizon, std::uint32_t warmup, std::size_t max_open = 2);

  // Returns false when the event was late for its bucket (see TumblingAggregate).
  bool add(TimeNs time, double value, std::uint64_t hash = 0) { return buckets_.add(time, value, hash); }
  // Completes every bucket ending at or before `watermark` into the baseline; returns how many.
  std::size_t close_until(TimeNs watermark);

  const Ewma& baseline() const { return ewma_; }
  bool defined() const { return ewma_.defined(); }
  double zscore(double x) const { return ewma_.zscore(x); }
  AggregateFn fn() const { return fn_; }
  const TumblingAggregate& buckets() const { return buckets_; }
  std::size_t memory_bytes() const;

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  AggregateFn fn_;
  TumblingAggregate buckets_;
  Ewma ewma_;
};

}  // namespace sigil::state
