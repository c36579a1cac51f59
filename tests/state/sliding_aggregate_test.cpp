#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "engine/state/quantile.hpp"
#include "engine/state/sliding_aggregate.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

TEST_CASE("sliding aggregate - window edges: t - L out, t in") {
  SlidingAggregate a(10 * kSec);
  CHECK(a.count() == 0);
  CHECK(a.sum() == 0);
  CHECK(std::isnan(a.avg()));
  CHECK(std::isnan(a.min()));
  a.add(100 * kSec, 1);
  a.add(100 * kSec + 1, 2);
  a.add(105 * kSec, 3);
  CHECK(a.count() == 3);
  a.add(110 * kSec, 4);  // 100s is now exactly t - L: out; 100s + 1ns: in
  CHECK(a.count() == 3);
  CHECK(a.sum() == 9);
  CHECK(a.min() == 2);
  CHECK(a.max() == 4);
  CHECK(a.avg() == 3);
  a.expire(110 * kSec + 1);  // 100s + 1ns is out now
  CHECK(a.count() == 2);
  CHECK(a.min() == 3);
  a.expire(200 * kSec);
  CHECK(a.count() == 0);
  CHECK(a.sum() == 0);
  CHECK(std::isnan(a.max()));
}

TEST_CASE("sliding aggregate - out-of-order events are placed in time order; too late ones are counted") {
  SlidingAggregate a(10 * kSec);
  a.add(20 * kSec, 5);
  a.add(15 * kSec, 9);   // late but in the window
  a.add(18 * kSec, 1);
  a.add(10 * kSec, 100);  // exactly end - L: out
  CHECK(a.late() == 1);
  std::vector<std::int64_t> times;
  a.for_each([&](std::int64_t t, double) { times.push_back(t); });
  CHECK(times == std::vector<std::int64_t>{15 * kSec, 18 * kSec, 20 * kSec});
  CHECK(a.max() == 9);
  CHECK(a.min() == 1);
  a.expire(25 * kSec);  // 15s leaves
  CHECK(a.max() == 5);
  a.expire(28 * kSec);  // 18s leaves
  CHECK(a.min() == 5);
  CHECK_FALSE(a.add(1, std::nan("")));
  CHECK(a.invalid() == 1);
}

TEST_CASE("sliding aggregate - cap drops the oldest and counts it") {
  SlidingAggregate a(100 * kSec, 3);
  for (int i = 1; i <= 5; ++i) a.add(i * kSec, i);
  CHECK(a.count() == 3);
  CHECK(a.dropped() == 2);
  CHECK(a.sum() == 12);
  CHECK(a.min() == 3);
  CHECK(a.max() == 5);
}

TEST_CASE("sliding aggregate - compensated sum does not keep the rounding of what left") {
  SlidingAggregate a(10);
  a.add(1, 1e16);
  a.add(2, 1);
  a.add(3, 1);
  a.expire(11);  // 1e16 leaves
  CHECK(a.sum() == 2);
}

TEST_CASE("sliding aggregate - percentiles, type 7") {
  SlidingAggregate a(100);
  std::vector<double> scratch;
  CHECK(std::isnan(a.percentile(0.5, scratch)));
  for (int v : {5, 1, 4, 2, 3}) a.add(v, v);
  CHECK(a.percentile(0.5, scratch) == 3);
  CHECK(a.percentile(0, scratch) == 1);
  CHECK(a.percentile(1, scratch) == 5);
  CHECK(a.percentile(0.9, scratch) == doctest::Approx(4.6));
  CHECK(a.percentile(0.95, scratch) == doctest::Approx(4.8));
  std::vector<double> sorted{1, 2, 3, 4, 5};
  CHECK(quantile_sorted(sorted, 0.99) == doctest::Approx(4.96));
}

TEST_CASE("sliding aggregate - random out-of-order stream against a naive recomputation") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const std::int64_t L = 50;
    const std::size_t cap = trial % 2 ? 16 : 1000;
    SlidingAggregate a(L, cap);
    struct E {
      std::int64_t t;
      double v;
      std::uint64_t seq;
    };
    std::vector<E> naive;  // entries in the window, (time, arrival) order
    std::int64_t end = 0;
    bool any = false;
    std::vector<double> scratch;
    for (std::uint64_t seq = 0; seq < 2000; ++seq) {
      const std::int64_t t = 1000 + static_cast<std::int64_t>(seq) / 2 - static_cast<std::int64_t>(rng() % 40);
      const double v = static_cast<double>(rng() % 7);  // many duplicates
      const bool added = a.add(t, v);
      if (!any || t > end) end = t;
      const bool in = !any || t > end - L;
      any = true;
      CHECK(added == in);
      if (in) {
        auto pos = std::upper_bound(naive.begin(), naive.end(), t, [](std::int64_t x, const E& e) { return x < e.t; });
        naive.insert(pos, E{t, v, seq});
      }
      std::erase_if(naive, [&](const E& e) { return e.t <= end - L; });
      if (naive.size() > cap) naive.erase(naive.begin());
      REQUIRE(a.count() == naive.size());
      double sum = 0, mn = 1e300, mx = -1e300;
      std::vector<double> vals;
      for (const auto& e : naive) {
        sum += e.v;
        mn = std::min(mn, e.v);
        mx = std::max(mx, e.v);
        vals.push_back(e.v);
      }
      CHECK(a.sum() == doctest::Approx(sum));
      if (!naive.empty()) {
        CHECK(a.min() == mn);
        CHECK(a.max() == mx);
        std::sort(vals.begin(), vals.end());
        CHECK(a.percentile(0.9, scratch) == doctest::Approx(quantile_sorted(vals, 0.9)));
      }
    }
  }
}

TEST_CASE("sliding aggregate - snapshot round trip and corrupted snapshots") {
  SlidingAggregate a(10 * kSec, 100);
  for (int i = 0; i < 20; ++i) a.add(i * kSec / 2 + (i % 3), (i * 7) % 11);
  a.add(-kSec, 1);  // late
  const auto data = sigil::state::test::snapshot_of(a);
  SlidingAggregate b(10 * kSec, 100);
  Reader r(data);
  REQUIRE(b.read_from(r));
  CHECK(b.count() == a.count());
  CHECK(b.sum() == doctest::Approx(a.sum()));
  CHECK(b.min() == a.min());
  CHECK(b.max() == a.max());
  CHECK(b.end() == a.end());
  CHECK(b.late() == 1);
  CHECK(sigil::state::test::snapshot_of(b) == data);
  // The restored object behaves like the original.
  a.add(15 * kSec, 50);
  b.add(15 * kSec, 50);
  CHECK(b.count() == a.count());
  CHECK(b.max() == 50);

  sigil::state::test::check_truncations_rejected(data, [] { return SlidingAggregate(10 * kSec, 100); });
  sigil::state::test::check_corruptions_safe(data, [] { return SlidingAggregate(10 * kSec, 100); });
  SlidingAggregate other(5 * kSec, 100);  // a different rule
  Reader r2(data);
  CHECK_FALSE(other.read_from(r2));
  CHECK(r2.error().find("length differs") != std::string::npos);
  SlidingAggregate small(10 * kSec, 2);  // cap differs
  Reader r3(data);
  CHECK_FALSE(small.read_from(r3));
}
