#pragma once
// Helpers for the state tests: snapshot round trips and corruption checks.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "engine/state/snapshot.hpp"

namespace sigil::state::test {

constexpr std::int64_t kSec = 1'000'000'000;

template <class T>
std::string snapshot_of(const T& t) {
  Writer w;
  t.write_to(w);
  return w.take();
}

// Every strict prefix of a snapshot is rejected with an error; the whole one is accepted and
// consumed exactly. `make` returns a fresh object with the rule's configuration.
template <class Make>
void check_truncations_rejected(const std::string& data, Make make) {
  for (std::size_t n = 0; n < data.size(); ++n) {
    auto t = make();
    Reader r(std::string_view(data).substr(0, n));
    const bool ok = t.read_from(r);
    CHECK_MESSAGE(!ok, "prefix of ", n, " bytes accepted");
    CHECK(!r.error().empty());
  }
  auto t = make();
  Reader r(data);
  CHECK(t.read_from(r));
  CHECK(r.at_end());
}

// Flipping bytes never crashes or hangs; the result is either a rejection with an error or a
// (possibly different) valid object. Run under ASan/UBSan this checks the bounds.
template <class Make>
void check_corruptions_safe(const std::string& data, Make make) {
  std::uint64_t seed = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string bad = data;
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    const std::size_t pos = static_cast<std::size_t>((seed >> 33) % bad.size());
    bad[pos] = static_cast<char>(bad[pos] ^ static_cast<char>(1 + ((seed >> 20) % 255)));
    auto t = make();
    Reader r(bad);
    if (!t.read_from(r)) CHECK(!r.error().empty());
  }
}

}  // namespace sigil::state::test
