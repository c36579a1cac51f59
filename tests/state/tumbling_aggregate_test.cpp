#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "engine/state/tumbling_aggregate.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

TEST_CASE("tumbling aggregate - buckets from kL to (k+1)L, closed by the watermark") {
  TumblingAggregate::Options o;
  o.length = 10 * kSec;
  TumblingAggregate t(o);
  std::vector<BucketResult> out;
  t.add(0, 1);
  t.add(10 * kSec - 1, 3);  // last ns of bucket 0
  t.add(10 * kSec, 5);      // first ns of bucket 1
  CHECK(t.open_buckets() == 2);
  CHECK(t.close_until(10 * kSec - 1, out) == 0);
  CHECK(t.close_until(10 * kSec, out) == 1);  // bucket 0 ends at 10s
  REQUIRE(out.size() == 1);
  CHECK(out[0].start == 0);
  CHECK(out[0].count == 2);
  CHECK(out[0].sum == 4);
  CHECK(out[0].avg() == 2);
  CHECK(out[0].min == 1);
  CHECK(out[0].max == 3);
  CHECK(std::isnan(out[0].percentiles[0]));
  CHECK_FALSE(t.add(5 * kSec, 1));  // its bucket has closed
  CHECK(t.late() == 1);
  CHECK(t.close_all(out) == 1);
  CHECK(out[1].start == 10 * kSec);
  CHECK(out[1].value(AggregateFn::count) == 1);
}

TEST_CASE("tumbling aggregate - late events within open buckets; empty buckets produce nothing") {
  TumblingAggregate::Options o;
  o.length = 10;
  TumblingAggregate t(o);
  std::vector<BucketResult> out;
  t.add(25, 1);
  t.add(3, 2);  // older bucket, still open (no watermark yet)
  t.add(55, 4);
  CHECK(t.close_until(60, out) == 3);
  CHECK(out[0].start == 0);
  CHECK(out[1].start == 20);
  CHECK(out[2].start == 50);
  CHECK(t.add(-5, 1) == false);
  CHECK(bucket_start(-5, 10) == -10);
}

TEST_CASE("tumbling aggregate - distinct and percentiles per bucket; caps") {
  TumblingAggregate::Options o;
  o.length = 100;
  o.distinct = true;
  o.percentiles = true;
  o.max_values = 4;
  TumblingAggregate t(o);
  std::vector<BucketResult> out;
  for (int i = 1; i <= 3; ++i) t.add(i, i, static_cast<std::uint64_t>(i % 2));  // hashes 1, 0, 1
  t.close_until(100, out);
  CHECK(out[0].distinct == 2);
  CHECK(out[0].percentiles[0] == 2);
  CHECK(out[0].value(AggregateFn::p90) == doctest::Approx(2.8));
  CHECK_FALSE(out[0].truncated);
  for (int i = 0; i < 6; ++i) t.add(100 + i, i, static_cast<std::uint64_t>(i));
  t.close_until(200, out);
  CHECK(out[1].truncated);
  CHECK(out[1].distinct == 4);
  CHECK(out[1].count == 6);
}

TEST_CASE("tumbling aggregate - max_open closes the oldest bucket early") {
  TumblingAggregate::Options o;
  o.length = 10;
  o.max_open = 2;
  TumblingAggregate t(o);
  std::vector<BucketResult> out;
  t.add(1, 1);
  t.add(11, 1);
  t.add(21, 1);  // closes bucket 0 early
  CHECK(t.forced() == 1);
  CHECK_FALSE(t.add(2, 1));  // bucket 0 is closed
  CHECK(t.close_until(0, out) == 1);
  CHECK(out[0].start == 0);
}

TEST_CASE("tumbling aggregate - snapshot round trip and corrupted snapshots") {
  TumblingAggregate::Options o;
  o.length = 10;
  o.distinct = true;
  o.percentiles = true;
  o.max_open = 2;
  TumblingAggregate t(o);
  for (int i = 0; i < 8; ++i) t.add(i * 3, i * 1.5, static_cast<std::uint64_t>(i % 3));
  std::vector<BucketResult> out;
  t.close_until(12, out);
  t.add(29, 7, 99);  // forces a close: a pending result
  const auto data = sigil::state::test::snapshot_of(t);
  TumblingAggregate u(o);
  Reader r(data);
  REQUIRE(u.read_from(r));
  CHECK(sigil::state::test::snapshot_of(u) == data);
  std::vector<BucketResult> a, b;
  t.close_all(a);
  u.close_all(b);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].start == b[i].start);
    CHECK(a[i].count == b[i].count);
    CHECK(a[i].sum == b[i].sum);
    CHECK(a[i].distinct == b[i].distinct);
    CHECK(a[i].percentiles[3] == b[i].percentiles[3]);
  }
  sigil::state::test::check_truncations_rejected(data, [&] { return TumblingAggregate(o); });
  sigil::state::test::check_corruptions_safe(data, [&] { return TumblingAggregate(o); });
}
