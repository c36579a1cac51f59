#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/state/baseline_tracker.hpp"
#include "engine/state/ewma.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

namespace {

// The weighted mean and (biased) weighted variance the incremental formula must equal: weights
// alpha (1 - alpha)^age, the first sample carrying (1 - alpha)^(n - 1).
void naive(const std::vector<double>& xs, double alpha, double& mean, double& var) {
  const std::size_t n = xs.size();
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i)
    w[i] = (i == 0 ? 1.0 : alpha) * std::pow(1 - alpha, static_cast<double>(n - 1 - i));
  mean = 0;
  for (std::size_t i = 0; i < n; ++i) mean += w[i] * xs[i];
  var = 0;
  for (std::size_t i = 0; i < n; ++i) var += w[i] * (xs[i] - mean) * (xs[i] - mean);
}

}  // namespace

TEST_CASE("ewma - mean and variance equal a naive weighted recomputation") {
  std::mt19937_64 rng(3);
  for (double alpha : {0.05, 0.3, 1.0}) {
    Ewma e(alpha, 1);
    std::vector<double> xs;
    for (int i = 0; i < 60; ++i) {
      const double x = static_cast<double>(rng() % 1000) / 10.0;
      xs.push_back(x);
      e.update(x);
      double mean = 0, var = 0;
      naive(xs, alpha, mean, var);
      CHECK(e.mean() == doctest::Approx(mean).epsilon(1e-9));
      CHECK(e.variance() == doctest::Approx(var).epsilon(1e-9).scale(1e-9));
      if (var > 0) CHECK(e.zscore(42) == doctest::Approx((42 - mean) / std::sqrt(var)).epsilon(1e-9));
    }
  }
}

TEST_CASE("ewma - warm-up, zscore with zero variance, span") {
  Ewma e(0.5, 3);
  CHECK_FALSE(e.defined());
  CHECK(std::isnan(e.zscore(1)));
  e.update(10);
  e.update(10);
  CHECK_FALSE(e.defined());
  CHECK(std::isnan(e.zscore(10)));
  e.update(10);
  CHECK(e.defined());
  CHECK(e.samples() == 3);
  CHECK(e.zscore(10) == 0);
  CHECK(std::isinf(e.zscore(11)));
  CHECK(e.zscore(9) < 0);
  e.update(std::nan(""));  // ignored
  CHECK(e.samples() == 3);
  CHECK(Ewma::alpha_for_span(6) == doctest::Approx(2.0 / 7));
  CHECK(Ewma::alpha_for_span(0.5) == 1.0);
}

TEST_CASE("baseline tracker - completed buckets feed the EWMA; idle buckets are not samples") {
  // L = 1m, H = 6m -> span 6 buckets, alpha = 2/7.
  BaselineTracker b(AggregateFn::count, 60 * kSec, 360 * kSec, 2);
  CHECK(b.baseline().alpha() == doctest::Approx(2.0 / 7));
  for (int i = 0; i < 4; ++i) b.add(10 * kSec + i, 1);  // 4 events in minute 0
  CHECK(b.close_until(59 * kSec) == 0);
  CHECK(b.close_until(60 * kSec) == 1);
  CHECK(b.baseline().samples() == 1);
  CHECK_FALSE(b.defined());
  // Minutes 1..9 idle, then 4 events in minute 10: still a sample of 4, not nine zeros.
  for (int i = 0; i < 4; ++i) b.add(600 * kSec + i, 1);
  CHECK(b.close_until(660 * kSec) == 1);
  CHECK(b.defined());
  CHECK(b.baseline().samples() == 2);
  CHECK(b.baseline().mean() == 4);
  CHECK(b.baseline().variance() == 0);
  // A bucket of 11: mean moves by alpha * 7.
  for (int i = 0; i < 11; ++i) b.add(700 * kSec + i, 1);
  b.close_until(720 * kSec);
  CHECK(b.baseline().mean() == doctest::Approx(4 + 7 * 2.0 / 7));
  CHECK(b.zscore(6) == doctest::Approx(b.baseline().zscore(6)));
}

TEST_CASE("baseline tracker - sum, max, distinct and a percentile") {
  BaselineTracker sum(AggregateFn::sum, 10, 100, 1);
  BaselineTracker mx(AggregateFn::max, 10, 100, 1);
  BaselineTracker distinct(AggregateFn::distinct, 10, 100, 1);
  BaselineTracker p50(AggregateFn::p50, 10, 100, 1);
  for (int i = 0; i < 5; ++i) {
    for (auto* b : {&sum, &mx, &p50}) b->add(i, i);
    distinct.add(i, 0, static_cast<std::uint64_t>(i % 2));
  }
  for (auto* b : {&sum, &mx, &distinct, &p50}) b->close_until(10);
  CHECK(sum.baseline().mean() == 10);
  CHECK(mx.baseline().mean() == 4);
  CHECK(distinct.baseline().mean() == 2);
  CHECK(p50.baseline().mean() == 2);
}

TEST_CASE("ewma and baseline tracker - snapshot round trip and corrupted snapshots") {
  Ewma e(0.25, 3);
  for (double x : {1.0, 5.0, 2.0, 8.0}) e.update(x);
  const auto data = sigil::state::test::snapshot_of(e);
  Ewma f(0.25, 3);
  Reader r(data);
  REQUIRE(f.read_from(r));
  CHECK(f.mean() == e.mean());
  CHECK(f.variance() == e.variance());
  CHECK(f.samples() == 4);
  sigil::state::test::check_truncations_rejected(data, [] { return Ewma(0.25, 3); });
  sigil::state::test::check_corruptions_safe(data, [] { return Ewma(0.25, 3); });
  Ewma other(0.5, 3);
  Reader r2(data);
  CHECK_FALSE(other.read_from(r2));

  BaselineTracker b(AggregateFn::avg, 10, 60, 2);
  for (int i = 0; i < 50; ++i) {
    b.add(i * 3, i % 7);
    b.close_until(i * 3);
  }
  const auto bdata = sigil::state::test::snapshot_of(b);
  BaselineTracker c(AggregateFn::avg, 10, 60, 2);
  Reader r3(bdata);
  REQUIRE(c.read_from(r3));
  CHECK(c.baseline().mean() == b.baseline().mean());
  b.close_until(1000);
  c.close_until(1000);
  CHECK(c.baseline().mean() == b.baseline().mean());
  CHECK(c.baseline().samples() == b.baseline().samples());
  sigil::state::test::check_truncations_rejected(bdata, [] { return BaselineTracker(AggregateFn::avg, 10, 60, 2); });
  sigil::state::test::check_corruptions_safe(bdata, [] { return BaselineTracker(AggregateFn::avg, 10, 60, 2); });
  BaselineTracker wrong_fn(AggregateFn::sum, 10, 60, 2);
  Reader r4(bdata);
  CHECK_FALSE(wrong_fn.read_from(r4));
}
