// SlidingCount counts exactly what SlidingAggregate::count() counts for the same times (the
// window runner's `count()` relies on it), and its snapshots behave like the other classes'.
#include <doctest/doctest.h>

#include <cstdint>

#include "engine/state/sliding_aggregate.hpp"
#include "engine/state/sliding_count.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using namespace sigil::state::test;

TEST_CASE("sliding count - random out-of-order stream: same count, end and late as SlidingAggregate") {
  for (std::size_t cap : {std::size_t{1} << 16, std::size_t{7}}) {
    SlidingCount count(10 * kSec, cap);
    SlidingAggregate reference(10 * kSec, cap, /*extremes=*/false);
    std::uint64_t seed = 42;
    std::int64_t t = 0;
    for (int i = 0; i < 20000; ++i) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      const std::int64_t step = static_cast<std::int64_t>((seed >> 33) % (3 * kSec));
      // Mostly forward, sometimes back by up to 12 s (some within the window, some late).
      const std::int64_t at = (seed >> 20) % 5 == 0 ? t - static_cast<std::int64_t>((seed >> 40) % (12 * kSec)) : (t += step);
      if ((seed >> 50) % 11 == 0) {
        count.expire(at);
        reference.expire(at);
      } else {
        CHECK(count.add(at) == reference.add(at, 0.0));
      }
      REQUIRE(count.count() == reference.count());
      REQUIRE(count.end() == reference.end());
    }
    CHECK(count.late() == reference.late());
    CHECK(count.dropped() == reference.dropped());
  }
}

TEST_CASE("sliding count - snapshot round trip and corrupted snapshots") {
  SlidingCount c(5 * kSec);
  for (std::int64_t t : {1, 2, 2, 3, 7}) c.add(t * kSec);
  const std::string data = snapshot_of(c);
  SlidingCount back(5 * kSec);
  Reader r(data);
  REQUIRE(back.read_from(r));
  CHECK(back.count() == c.count());
  CHECK(back.end() == c.end());
  CHECK(snapshot_of(back) == data);
  SlidingCount other(6 * kSec);
  Reader r2(data);
  CHECK_FALSE(other.read_from(r2));
  check_truncations_rejected(data, [] { return SlidingCount(5 * kSec); });
  check_corruptions_safe(data, [] { return SlidingCount(5 * kSec); });
}
