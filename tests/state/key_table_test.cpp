#include <doctest/doctest.h>
#include <malloc.h>

#include <cstdint>
#include <list>
#include <unordered_map>

#include "engine/state/key_table.hpp"
#include "engine/state/sliding_aggregate.hpp"
#include "helpers.hpp"

using namespace sigil::state;
using sigil::state::test::kSec;

namespace {

struct Small {  // a 64-byte State
  std::uint64_t words[8] = {};
};

struct Heapy {  // a State owning `bytes` of heap, as far as the table's accounting goes
  std::size_t bytes = 0;
  std::size_t heap_bytes() const { return bytes; }
};

std::size_t sum_of_heaps(const KeyTable<Heapy>& t) {
  std::size_t sum = 0;
  t.for_each([&](std::uint64_t, TimeNs, const Heapy& h) { sum += h.bytes; });
  return sum;
}

std::size_t heap_in_use() {
  const auto m = mallinfo2();
  return m.uordblks + m.hblkhd;  // small chunks + mmap'ed large blocks
}

}  // namespace

TEST_CASE("key table - touch creates, find does not; TTL expiry keeps what is younger than ttl") {
  KeyTable<Small> t(60 * kSec, 100);
  bool created = false;
  t.touch(1, 10 * kSec, &created).words[0] = 7;
  CHECK(created);
  CHECK(t.touch(1, 20 * kSec, &created).words[0] == 7);
  CHECK_FALSE(created);
  t.touch(2, 30 * kSec);
  CHECK(t.find(3) == nullptr);
  CHECK(t.size() == 2);
  CHECK(t.expire(79 * kSec) == 0);
  CHECK(t.expire(80 * kSec) == 1);  // key 1 idle exactly ttl: removed
  CHECK(t.find(1) == nullptr);
  CHECK(t.expired() == 1);
  t.touch(2, 5 * kSec);  // a late event: active at the table's clock (30s), not 5s
  CHECK(t.last_activity(2) == 30 * kSec);
  CHECK(t.expire(89 * kSec) == 0);
  CHECK(t.expire(90 * kSec) == 1);
  CHECK(t.size() == 0);
}

// The memory cap (engine/keyed/README.md) compares a running total: it must equal the sum of the
// States' heap_bytes() after every kind of change, never drift.
TEST_CASE("key table - heap accounting stays exact through account(), cap eviction, evict_oldest, erase, expiry, "
          "snapshots") {
  KeyTable<Heapy> t(100, 3);
  t.reserve(8);  // a fixed table capacity: memory_bytes() is then a constant + the States' heap
  const std::size_t table = t.memory_bytes();
  auto set = [&](std::uint64_t key, TimeNs at, std::size_t bytes) {
    bool created = false;
    Heapy& h = t.touch(key, at, &created);
    const std::size_t before = created ? 0 : h.heap_bytes();
    h.bytes = bytes;
    t.account(before, h.heap_bytes());
  };
  auto exact = [&](const KeyTable<Heapy>& k) { return k.memory_bytes() == table + sum_of_heaps(k); };
  set(1, 1, 100);
  set(2, 2, 50);
  set(1, 3, 30);  // shrinks
  CHECK(exact(t));
  set(3, 4, 7);
  set(4, 5, 9);  // over the key cap: key 2 evicted
  CHECK(t.evicted() == 1);
  CHECK(t.find(2) == nullptr);
  CHECK(exact(t));
  CHECK(t.oldest_activity() == 3);
  CHECK(t.evict_oldest());  // key 1, as the memory cap does
  CHECK(t.evicted() == 2);
  CHECK(t.oldest_activity() == 4);
  CHECK(exact(t));
  CHECK(t.erase(4));
  CHECK(exact(t));
  CHECK(t.expire(200) == 1);
  CHECK(t.size() == 0);
  CHECK(t.memory_bytes() == table);
  CHECK_FALSE(t.evict_oldest());
  CHECK(t.oldest_activity() == kNoTime);

  set(5, 300, 11);
  set(6, 301, 13);
  Writer w;
  t.write_to(w, [](Writer& out, const Heapy& h) { out.varint(h.bytes); });
  const std::string data = w.take();
  KeyTable<Heapy> back(100, 3);
  back.reserve(8);
  Reader r(data);
  REQUIRE(back.read_from(r, [] { return Heapy{}; }, [](Reader& in, Heapy& h) {
    std::uint64_t bytes = 0;
    if (!in.varint(bytes)) return false;
    h.bytes = bytes;
    return true;
  }));
  CHECK(back.memory_bytes() == table + 24);
  CHECK(back.live_bytes() == t.live_bytes());
  t.clear();
  CHECK(t.memory_bytes() == table);
}

TEST_CASE("key table - cap evicts the least recently active key (counted)") {
  KeyTable<Small> t(1000, 3);
  t.touch(1, 1);
  t.touch(2, 2);
  t.touch(3, 3);
  t.touch(1, 4);  // 2 is now the least recently active
  t.touch(4, 5);
  CHECK(t.evicted() == 1);
  CHECK(t.size() == 3);
  CHECK(t.find(2) == nullptr);
  CHECK(t.find(1) != nullptr);
  CHECK(t.erase(1));
  CHECK_FALSE(t.erase(1));
  std::vector<std::uint64_t> order;
  t.for_each([&](std::uint64_t k, std::int64_t, const Small&) { order.push_back(k); });
  CHECK(order == std::vector<std::uint64_t>{3, 4});
}

TEST_CASE("key table - many keys with erase/reinsert keep the index consistent") {
  KeyTable<Small> t(1'000'000, 5000);
  for (std::uint64_t i = 0; i < 20000; ++i) {
    t.touch(i * 31 % 7919, static_cast<std::int64_t>(i)).words[0] = i * 31 % 7919;
    if (i % 3 == 0) t.erase((i * 17) % 7919);
  }
  std::size_t n = 0;
  t.for_each([&](std::uint64_t k, std::int64_t, const Small& s) {
    CHECK(s.words[0] == k);
    CHECK(t.find(k) == &s);
    ++n;
  });
  CHECK(n == t.size());
}

TEST_CASE("key table - snapshot of states with their own snapshots; corrupted snapshots") {
  using Table = KeyTable<SlidingAggregate>;
  const auto make_state = [] { return SlidingAggregate(10 * kSec, 64); };
  const auto read_state = [](Reader& r, SlidingAggregate& s) { return s.read_from(r); };
  const auto write_state = [](Writer& w, const SlidingAggregate& s) { s.write_to(w); };
  Table t(60 * kSec, 100);
  for (int i = 0; i < 50; ++i) {
    const auto key = static_cast<std::uint64_t>(i % 7);
    t.touch(key, i * kSec, make_state).add(i * kSec, i);
  }
  Writer w;
  t.write_to(w, write_state);
  const std::string data = w.take();
  Table u(60 * kSec, 100);
  Reader r(data);
  REQUIRE(u.read_from(r, make_state, read_state));
  CHECK(u.size() == t.size());
  CHECK(u.clock() == t.clock());
  t.for_each([&](std::uint64_t k, std::int64_t time, const SlidingAggregate& s) {
    REQUIRE(u.find(k) != nullptr);
    CHECK(u.last_activity(k) == time);
    CHECK(u.find(k)->sum() == s.sum());
  });
  CHECK(u.memory_bytes() > 7 * sizeof(SlidingAggregate));
  for (std::size_t n = 0; n < data.size(); n += 7) {
    Table v(60 * kSec, 100);
    Reader rr(std::string_view(data).substr(0, n));
    CHECK_FALSE(v.read_from(rr, make_state, read_state));
    CHECK(!rr.error().empty());
  }
  std::uint64_t seed = 99;
  for (int round = 0; round < 1000; ++round) {
    std::string bad = data;
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    bad[(seed >> 33) % bad.size()] ^= static_cast<char>(1 + (seed >> 20) % 255);
    Table v(60 * kSec, 100);
    Reader rr(bad);
    if (!v.read_from(rr, make_state, read_state)) CHECK(!rr.error().empty());
  }
  Table other(30 * kSec, 100);
  Reader r2(data);
  CHECK_FALSE(other.read_from(r2, make_state, read_state));
}

// The sanitizers' allocators do not report through mallinfo2(): there is nothing to measure.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kHeapMeasurable = false;
#else
constexpr bool kHeapMeasurable = true;
#endif

TEST_CASE("key table - bytes per key with a 64-byte State and 1M keys (measured)" *
          doctest::skip(!kHeapMeasurable)) {
  constexpr std::size_t kKeys = 1'000'000;
  double ours = 0, ours_reserved = 0, std_map = 0;
  {
    const std::size_t before = heap_in_use();
    KeyTable<Small> t(1'000'000'000'000, kKeys);
    for (std::uint64_t i = 0; i < kKeys; ++i) t.touch(hash_u64(i), static_cast<std::int64_t>(i));
    ours = static_cast<double>(heap_in_use() - before) / kKeys;
    CHECK(t.size() == kKeys);
    CHECK(static_cast<double>(t.memory_bytes()) / kKeys == doctest::Approx(ours).epsilon(0.02));
  }
  {
    const std::size_t before = heap_in_use();
    KeyTable<Small> t(1'000'000'000'000, kKeys);
    t.reserve(kKeys);
    for (std::uint64_t i = 0; i < kKeys; ++i) t.touch(hash_u64(i), static_cast<std::int64_t>(i));
    ours_reserved = static_cast<double>(heap_in_use() - before) / kKeys;
  }
  {
    // The obvious alternative: std::unordered_map + std::list for LRU order.
    struct Entry {
      Small state;
      std::int64_t last = 0;
      std::list<std::uint64_t>::iterator lru;
    };
    const std::size_t before = heap_in_use();
    std::unordered_map<std::uint64_t, Entry> m;
    std::list<std::uint64_t> lru;
    for (std::uint64_t i = 0; i < kKeys; ++i) {
      lru.push_back(hash_u64(i));
      m.emplace(hash_u64(i), Entry{{}, static_cast<std::int64_t>(i), std::prev(lru.end())});
    }
    std_map = static_cast<double>(heap_in_use() - before) / kKeys;
  }
  MESSAGE("bytes per key, 64-byte State, 1M keys: KeyTable ", ours, " (reserved: ", ours_reserved,
          "), unordered_map + list ", std_map);
  CHECK(ours < 140);
  CHECK(ours_reserved < 100);
  CHECK(ours < std_map);
}
