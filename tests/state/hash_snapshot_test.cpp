#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/state/hash.hpp"
#include "engine/state/snapshot.hpp"
#include "engine/state/time.hpp"

using namespace sigil::state;

TEST_CASE("hash_value - golden values (part of the snapshot format: never change)") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(hash_value("") == 0xefd01f60ba992926ull);
  CHECK(hash_value("a") == 0x82a2a958a9bece5bull);
  CHECK(hash_value("session-1234") == 0xa71c64ff35512da9ull);
  static_assert(hash_value("a") == 0x82a2a958a9bece5bull);  // usable at compile time
  CHECK(hash_combine(1, 2) != hash_combine(2, 1));
  CHECK(hash_u64(0) != 0);
}

TEST_CASE("hash_number - the hash of std::to_string()'s text, as distinct() and new_terms() stored it") {
  using namespace sigil::state;
  for (double x : {0.0, -0.0, 1.0, -1.5, 0.1, 1e-7, 123456.789012345, 1e300, -std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()})
    CHECK_MESSAGE(hash_number(x) == hash_value(std::to_string(x)), x);
  CHECK(hash_number(0.5) != hash_number(1.5));
}

TEST_CASE("time - window convention (t - L, t) closed at t, and floor-aligned buckets") {
  CHECK_FALSE(in_window(90, 100, 10));  // exactly t - L: out
  CHECK(in_window(91, 100, 10));        // t - L + 1ns: in
  CHECK(in_window(100, 100, 10));
  CHECK_FALSE(in_window(101, 100, 10));
  CHECK(bucket_start(0, 10) == 0);
  CHECK(bucket_start(9, 10) == 0);
  CHECK(bucket_start(10, 10) == 10);
  CHECK(bucket_start(-1, 10) == -10);
  CHECK(bucket_start(-10, 10) == -10);
  CHECK(window_floor(kNoTime + 5, 10) == kNoTime);
}

TEST_CASE("time - saturating_add stops at the largest time (span and bucket ends near it)") {
  constexpr TimeNs kMax = std::numeric_limits<TimeNs>::max();
  CHECK(saturating_add(100, 10) == 110);
  CHECK(saturating_add(kMax - 10, 10) == kMax);
  CHECK(saturating_add(kMax - 10, 11) == kMax);
  CHECK(saturating_add(kMax, kMax) == kMax);
  CHECK(saturating_add(kNoTime, 10) == kNoTime + 10);
}

TEST_CASE("snapshot - primitives round trip") {
  Writer w;
  w.u8(7);
  w.varint(0);
  w.varint(127);
  w.varint(128);
  w.varint(~std::uint64_t{0});
  w.i64(-1);
  w.i64(std::numeric_limits<std::int64_t>::min());
  w.i64(std::numeric_limits<std::int64_t>::max());
  w.f64(-0.5);
  w.f64(std::numeric_limits<double>::infinity());
  w.bytes("abc");
  w.boolean(true);
  Reader r(w.data());
  std::uint8_t b = 0;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  double d = 0;
  std::string_view s;
  bool flag = false;
  CHECK((r.u8(b) && b == 7));
  CHECK((r.varint(u) && u == 0));
  CHECK((r.varint(u) && u == 127));
  CHECK((r.varint(u) && u == 128));
  CHECK((r.varint(u) && u == ~std::uint64_t{0}));
  CHECK((r.i64(i) && i == -1));
  CHECK((r.i64(i) && i == std::numeric_limits<std::int64_t>::min()));
  CHECK((r.i64(i) && i == std::numeric_limits<std::int64_t>::max()));
  CHECK((r.f64(d) && d == -0.5));
  CHECK((r.f64(d) && std::isinf(d)));
  CHECK((r.bytes(s) && s == "abc"));
  CHECK((r.boolean(flag) && flag));
  CHECK(r.at_end());
  CHECK(r.ok());
}

TEST_CASE("snapshot - the reader never trusts a length") {
  std::uint64_t u = 0;
  std::string_view s;
  std::size_t n = 0;
  {
    const std::string unterminated("\x80\x80", 2);
    Reader r(unterminated);
    CHECK_FALSE(r.varint(u));
    CHECK(r.error().find("truncated") != std::string::npos);
  }
  {
    const std::string too_long(11, '\x80');  // more than 10 bytes
    Reader r(too_long);
    CHECK_FALSE(r.varint(u));
  }
  {
    const std::string overflow = std::string(9, '\xff') + "\x02";
    Reader r(overflow);
    CHECK_FALSE(r.varint(u));
    CHECK(r.error().find("overflows") != std::string::npos);
  }
  {
    const std::string overlong("\x80\x00", 2);  // zero in two bytes
    Reader r(overlong);
    CHECK_FALSE(r.varint(u));
  }
  {
    Writer w;
    w.varint(1000);
    w.u8('x');
    Reader r(w.data());
    CHECK_FALSE(r.bytes(s));
    CHECK(r.error().find("1000 bytes") != std::string::npos);
  }
  {
    Writer w;
    w.varint(1ull << 40);  // a huge count: rejected before anything is reserved
    Reader r(w.data());
    CHECK_FALSE(r.count(n, 1, ~std::size_t{0}));
  }
  {
    Writer w;
    w.varint(5);
    Reader r(w.data());
    CHECK_FALSE(r.count(n, 0, 4));  // above the caller's limit
  }
  {
    Writer w;
    w.header(SnapshotTag::ewma, 9);
    Reader r(w.data());
    CHECK_FALSE(r.header(SnapshotTag::ewma, 1));
    CHECK(r.error().find("version 9") != std::string::npos);
    std::uint8_t b = 0;
    CHECK_FALSE(r.u8(b));  // every later call fails too
  }
  {
    Writer w;
    w.header(SnapshotTag::ewma, 1);
    Reader r(w.data());
    CHECK_FALSE(r.header(SnapshotTag::suppressor, 1));
    CHECK(r.error().find("tag") != std::string::npos);
  }
}
