#pragma once
// TumblingAggregate: aggregates of (time, value[, hash]) events in buckets aligned to multiples
// of L since the epoch, [k*L, (k+1)*L) (engine/state/time.hpp); a bucket's result comes out
// when the caller's watermark passes its end.
//
// In: add(time, value, hash) per event (any order); close_until(watermark) when time moves.
// Out: one BucketResult per bucket that had events, oldest first: count, sum, avg, min, max,
// and if enabled distinct (hashes) and p50/p90/p95/p99 (values). Buckets without events produce
// nothing.
//
// Contract:
//  - Several buckets may be open at once (late events within the caller's lateness): a bucket
//    closes only when close_until(w) is called with w >= its end. An event whose bucket has
//    closed (end <= the highest watermark) is late: ignored, counted in late(). A non-finite
//    value is ignored, counted in invalid(). For distinct() only, pass value 0 and the hash.
//  - At most max_open buckets are open; opening one more closes the oldest early (its result is
//    returned by the next close_until, and it counts in forced()); the watermark moves to its end.
//  - Per bucket at most max_values values (percentiles) and distinct hashes are kept; beyond
//    that the result is marked `truncated` (percentiles of the first max_values values, distinct
//    a lower bound).
//  - Thread safety: single-threaded (a shard owns it).
//
// Complexity: add O(1) expected (O(open buckets) to find the bucket, usually 1); closing a
// bucket O(1), or O(n log n) for its n values when percentiles are on (one sort).
// Memory: sizeof(TumblingAggregate) + per open bucket sizeof(Bucket) (~112 bytes), + 8 bytes per
// value when percentiles are on, + 16..32 bytes per distinct hash when distinct is on. One closed
// bucket is kept for reuse (its buffers too), so a steady stream does not allocate.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/state/compensated_sum.hpp"
#include "engine/state/hash_set.hpp"
#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"

namespace sigil::state {

// The aggregate functions of the rule language (dsl/check/checked_stateful.hpp, same order).
enum class AggregateFn : std::uint8_t { count, sum, avg, min, max, distinct, p50, p90, p95, p99 };

struct BucketResult {
  TimeNs start = 0;  // the bucket is [start, start + length)
  std::uint64_t count = 0;
  double sum = 0;
  double min = 0;
  double max = 0;
  std::uint64_t distinct = 0;            // 0 unless Options::distinct
  std::array<double, 4> percentiles{};   // p50, p90, p95, p99; NaN unless Options::percentiles
  bool truncated = false;

  double avg() const { return count == 0 ? 0.0 : sum / static_cast<double>(count); }
  double value(AggregateFn fn) const;
};

class TumblingAggregate {
 public:
  struct Options {
    TimeNs length = 1;
    bool distinct = false;
    bool percentiles = false;
    std::size_t max_open = 4;
    std::size_t max_values = 1u << 16;
    bool operator==(const Options&) const = default;
  };

  explicit TumblingAggregate(Options options);

  // Returns false when the event was not added (late or non-finite value).
  bool add(TimeNs time, double value, std::uint64_t hash = 0);
  // Closes every bucket whose end is <= watermark (and any closed early), appending their
  // results to `out` oldest first; returns how many were appended.
  std::size_t close_until(TimeNs watermark, std::vector<BucketResult>& out);
  // Closes every open bucket (end of input).
  std::size_t close_all(std::vector<BucketResult>& out);
  void clear();

  const Options& options() const { return options_; }
  std::size_t open_buckets() const { return open_.size(); }
  TimeNs watermark() const { return watermark_; }
  std::uint64_t late() const { return late_; }
  std::uint64_t forced() const { return forced_; }
  std::uint64_t invalid() const { return invalid_; }
  std::size_t memory_bytes() const;

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  struct Bucket {
    TimeNs start = 0;
    std::uint64_t count = 0;
    CompensatedSum sum;
    double min = 0;
    double max = 0;
    bool truncated = false;
    // The values (percentiles) and hashes (distinct) of the bucket, only for the options that
    // read them (a sum's bucket is 64 bytes instead of 120); made at the bucket's first event.
    struct Samples {
      std::vector<double> values;
      HashSet64 distinct;
    };
    std::unique_ptr<Samples> samples;
  };
  Bucket& bucket_for(TimeNs start);
  void close_front(std::vector<BucketResult>& out);

  Options options_;
  TimeNs watermark_ = kNoTime;
  std::vector<Bucket> open_;     // sorted by start
  std::unique_ptr<Bucket::Samples> spare_;  // a closed bucket's buffers, for reuse
  // Closed early (max_open), not yet returned; made at the first such close (a vector in every
  // baseline of every key cost 24 B for what nearly never happens).
  std::unique_ptr<std::vector<BucketResult>> pending_;
  std::vector<BucketResult>& pending();
  std::uint64_t late_ = 0;
  std::uint64_t forced_ = 0;
  std::uint64_t invalid_ = 0;
};

}  // namespace sigil::state
