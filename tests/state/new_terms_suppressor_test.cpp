#include <doctest/doctest.h>

#include "engine/state/hash.hpp"
#include "engine/state/new_terms.hpp"
#include "engine/state/suppressor.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

TEST_CASE("new terms - horizon boundary: new again exactly at t0 + H") {
  NewTermsTracker nt(100, 1000);
  const auto svc = hash_value("billing"), host = hash_value("api.example.com");
  const std::int64_t H = 30 * 86400 * kSec;
  CHECK(nt.observe(svc, host, 1000, H));          // first sight
  CHECK_FALSE(nt.observe(svc, host, 1000 + H - 1, H));  // seen at 1000 + H - 1 now
  CHECK_FALSE(nt.observe(svc, host, 1000 + 2 * H - 2, H));
  CHECK(nt.observe(svc, host, 1000 + 3 * H - 1, H));    // last seen 1000 + 2H - 2: exactly H ago + 1 -> new
  CHECK(nt.observe(hash_value("other"), host, 5, H));   // per key
  CHECK(nt.size() == 2);
  CHECK(nt.keys() == 2);
}

TEST_CASE("new terms - exact boundary and late observations") {
  NewTermsTracker nt(10, 10);
  CHECK(nt.observe(1, 7, 100, 50));
  CHECK_FALSE(nt.observe(1, 7, 149, 50));  // 100 > 149 - 50
  CHECK(nt.observe(1, 8, 100, 50));
  CHECK(nt.observe(1, 8, 150, 50));        // 100 == 150 - 50: out of (t - H, t]
  CHECK_FALSE(nt.observe(1, 8, 120, 50));  // late: already seen at 150
}

TEST_CASE("new terms - per-key and total caps evict the least recently seen (counted)") {
  NewTermsTracker nt(2, 3);
  const std::int64_t H = 1000;
  nt.observe(1, 10, 1, H);
  nt.observe(1, 11, 2, H);
  nt.observe(1, 10, 3, H);  // 10 is now the most recent of key 1
  nt.observe(1, 12, 4, H);  // per-key cap: forgets 11
  CHECK(nt.evicted_per_key() == 1);
  CHECK(nt.values_of(1) == 2);
  CHECK_FALSE(nt.observe(1, 10, 5, H));
  CHECK(nt.observe(1, 11, 6, H));  // forgotten: new again (evicts 12)
  nt.observe(2, 20, 7, H);
  CHECK(nt.size() == 3);
  nt.observe(3, 30, 8, H);  // total cap: forgets the globally oldest (key 1, value 10 at 5)
  CHECK(nt.evicted_total() == 1);
  CHECK(nt.size() == 3);
  CHECK(nt.values_of(1) == 1);
  CHECK(nt.observe(1, 10, 9, H));
}

TEST_CASE("new terms - expire forgets what the horizon has passed") {
  NewTermsTracker nt(10, 10);
  nt.observe(1, 1, 100, 50);
  nt.observe(2, 1, 120, 50);
  CHECK(nt.expire(149, 50) == 0);
  CHECK(nt.expire(150, 50) == 1);
  CHECK(nt.keys() == 1);
  CHECK(nt.expired() == 1);
  CHECK(nt.observe(1, 1, 151, 50));
}

TEST_CASE("new terms - snapshot round trip and corrupted snapshots") {
  NewTermsTracker nt(4, 16);
  for (int i = 0; i < 40; ++i) nt.observe(static_cast<std::uint64_t>(i % 5), static_cast<std::uint64_t>(i % 7), i * 10, 200);
  const auto data = sigil::state::test::snapshot_of(nt);
  NewTermsTracker u(4, 16);
  Reader r(data);
  REQUIRE(u.read_from(r));
  CHECK(u.size() == nt.size());
  CHECK(u.keys() == nt.keys());
  CHECK(sigil::state::test::snapshot_of(u) == data);
  for (int i = 40; i < 80; ++i) {
    const auto k = static_cast<std::uint64_t>(i % 6), v = static_cast<std::uint64_t>(i % 9);
    CHECK(u.observe(k, v, i * 10, 200) == nt.observe(k, v, i * 10, 200));
  }
  CHECK(u.evicted_per_key() == nt.evicted_per_key());
  sigil::state::test::check_truncations_rejected(data, [] { return NewTermsTracker(4, 16); });
  sigil::state::test::check_corruptions_safe(data, [] { return NewTermsTracker(4, 16); });
}

TEST_CASE("suppressor - one alert per key and period, with the count suppressed") {
  Suppressor s;
  const std::int64_t L = 30 * 60 * kSec;
  auto d = s.offer(1, 0, L);
  CHECK(d.emit);
  CHECK(d.suppressed == 0);
  CHECK_FALSE(s.offer(1, 1, L).emit);
  CHECK_FALSE(s.offer(1, L - 1, L).emit);  // [e, e + L)
  CHECK(s.offer(2, 5, L).emit);            // another key
  d = s.offer(1, L, L);                    // exactly e + L: emitted
  CHECK(d.emit);
  CHECK(d.suppressed == 2);
  CHECK_FALSE(s.offer(1, L - 100, L).emit);  // late alert: suppressed
  d = s.offer(1, 2 * L + 3, L);
  CHECK(d.emit);
  CHECK(d.suppressed == 1);
}

TEST_CASE("suppressor - expiry and cap lose only unreported counts (counted)") {
  Suppressor s(2);
  s.offer(1, 0, 10);
  s.offer(1, 5, 10);  // suppressed
  s.offer(2, 1, 10);
  s.offer(3, 2, 10);  // cap: forgets key 1 (period ends first), whose 1 suppressed alert is unreported
  CHECK(s.evicted() == 1);
  CHECK(s.unreported() == 1);
  CHECK(s.offer(1, 6, 10).emit);  // forgotten: emitted; evicts key 2
  CHECK(s.evicted() == 2);
  CHECK(s.size() == 2);            // key 3 until 12, key 1 until 16
  CHECK(s.expire(11) == 0);
  CHECK(s.expire(12) == 1);        // a period [2, 12) has ended at 12
  CHECK(s.expire(16) == 1);
  CHECK(s.size() == 0);
}

TEST_CASE("suppressor - snapshot round trip and corrupted snapshots") {
  Suppressor s(8);
  for (int i = 0; i < 30; ++i) s.offer(static_cast<std::uint64_t>(i % 5), i * 4, 25);
  const auto data = sigil::state::test::snapshot_of(s);
  Suppressor t(8);
  Reader r(data);
  REQUIRE(t.read_from(r));
  CHECK(sigil::state::test::snapshot_of(t) == data);
  for (int i = 30; i < 60; ++i) {
    const auto a = s.offer(static_cast<std::uint64_t>(i % 6), i * 4, 25);
    const auto b = t.offer(static_cast<std::uint64_t>(i % 6), i * 4, 25);
    CHECK(a.emit == b.emit);
    CHECK(a.suppressed == b.suppressed);
  }
  sigil::state::test::check_truncations_rejected(data, [] { return Suppressor(8); });
  sigil::state::test::check_corruptions_safe(data, [] { return Suppressor(8); });
}
