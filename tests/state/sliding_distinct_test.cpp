#include <doctest/doctest.h>

#include <map>
#include <random>

#include "engine/state/hash.hpp"
#include "engine/state/sliding_distinct.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

TEST_CASE("sliding distinct - window edges and repeated values") {
  SlidingDistinct d(10 * kSec);
  const auto a = hash_value("doc-a"), b = hash_value("doc-b"), c = hash_value("doc-c");
  d.add(100 * kSec, a);
  d.add(101 * kSec, b);
  d.add(102 * kSec, a);  // a seen again: last seen 102s
  CHECK(d.count() == 2);
  d.expire(111 * kSec);  // b (101s) is exactly at t - L: out; a (102s) in
  CHECK(d.count() == 1);
  CHECK(d.last_seen(a) == 102 * kSec);
  CHECK(d.last_seen(b) == kNoTime);
  d.add(111 * kSec, c);
  CHECK(d.count() == 2);
  d.expire(112 * kSec);
  CHECK(d.count() == 1);
}

TEST_CASE("sliding distinct - out-of-order: last seen is the max; late is counted") {
  SlidingDistinct d(10);
  d.add(20, 1);
  d.add(15, 2);  // late within the window: placed before 20
  d.add(12, 1);  // older occurrence of 1: does not move it back
  CHECK(d.last_seen(1) == 20);
  CHECK_FALSE(d.add(10, 3));  // exactly end - L
  CHECK(d.late() == 1);
  d.expire(25);  // 2 (15) leaves, 1 (20) stays
  CHECK(d.count() == 1);
  CHECK(d.last_seen(2) == kNoTime);
}

TEST_CASE("sliding distinct - cap forgets the least recently seen value") {
  SlidingDistinct d(1000, 3);
  for (std::uint64_t v = 1; v <= 3; ++v) d.add(static_cast<std::int64_t>(v), v);
  d.add(4, 1);  // 1 is now the most recent
  d.add(5, 4);  // evicts 2
  CHECK(d.count() == 3);
  CHECK(d.dropped() == 1);
  CHECK(d.last_seen(2) == kNoTime);
  CHECK(d.last_seen(1) == 4);
}

TEST_CASE("sliding distinct - random stream against a naive recomputation") {
  std::mt19937_64 rng(11);
  SlidingDistinct d(30);
  std::map<std::uint64_t, std::int64_t> last;  // value -> max time
  std::int64_t end = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::int64_t t = 100 + i / 3 - static_cast<std::int64_t>(rng() % 20);
    const std::uint64_t v = rng() % 50;
    const bool in = i == 0 || t > std::max(end, t) - 30;
    if (i == 0 || t > end) end = t;
    CHECK(d.add(t, v) == in);
    if (in) last[v] = std::max(last.count(v) ? last[v] : t, t);
    std::size_t n = 0;
    for (auto& [value, time] : last) n += time > end - 30;
    REQUIRE(d.count() == n);
  }
}

TEST_CASE("sliding distinct - snapshot round trip and corrupted snapshots") {
  SlidingDistinct d(10 * kSec, 64);
  for (int i = 0; i < 40; ++i) d.add(i * kSec / 4, static_cast<std::uint64_t>(i % 13) * 0x9e3779b97f4a7c15ull);
  const auto data = sigil::state::test::snapshot_of(d);
  SlidingDistinct e(10 * kSec, 64);
  Reader r(data);
  REQUIRE(e.read_from(r));
  CHECK(e.count() == d.count());
  CHECK(e.end() == d.end());
  CHECK(sigil::state::test::snapshot_of(e) == data);
  d.expire(12 * kSec);
  e.expire(12 * kSec);
  CHECK(e.count() == d.count());
  sigil::state::test::check_truncations_rejected(data, [] { return SlidingDistinct(10 * kSec, 64); });
  sigil::state::test::check_corruptions_safe(data, [] { return SlidingDistinct(10 * kSec, 64); });
  SlidingDistinct small(10 * kSec, 4);
  Reader r2(data);
  CHECK_FALSE(small.read_from(r2));
}
