#pragma once
// Stable 64-bit hashes, so that state stores hashes, never strings.
//
// hash_value(text) = mix64(FNV-1a-64(text)): FNV-1a (offset 14695981039346656037, prime
// 1099511628211) over the bytes, then Murmur3's fmix64 finalizer. The value is part of the
// snapshot format: it must never change (golden values in tests/state/hash_test.cpp). The
// finalizer matters: shard_of() (engine/run/keyed_processor.hpp) takes a plain FNV-1a key hash modulo the
// shard count, so all keys of one shard share those low bits; mixing decorrelates the hash used
// inside a shard's tables from the one that chose the shard.
//
// Not a cryptographic hash: an adversary who controls values can make them collide (two
// distinct values then count as one). Thread safety: pure functions.

#include <charconv>
#include <cstdint>
#include <string_view>

namespace sigil::state {

// Murmur3 fmix64: a bijection on 64-bit integers that spreads every input bit over the output.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

constexpr std::uint64_t hash_value(std::string_view text) { return mix64(fnv1a64(text)); }

// The hash of a numeric value, as distinct() and new_terms() store it: hash_value() of its
// std::to_string() text ("%f": fixed, 6 decimals), formatted on the stack (no allocation per
// value). Part of the snapshot format like hash_value().
inline std::uint64_t hash_number(double number) {
  char text[352];  // "%f" of the largest double: sign, 309 digits, point, 6 decimals
  const auto [end, ec] = std::to_chars(text, text + sizeof text, number, std::chars_format::fixed, 6);
  return ec == std::errc{} ? hash_value(std::string_view(text, static_cast<std::size_t>(end - text))) : 0;
}

// A hash of a 64-bit integer (e.g. a numeric field for distinct()); never equal to the input.
constexpr std::uint64_t hash_u64(std::uint64_t x) { return mix64(x ^ 0x9e3779b97f4a7c15ull); }

// Order-dependent combination: hash_combine(rule, key), hash_combine(key, value).
constexpr std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) {
  return mix64(a ^ (mix64(b) + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2)));
}

}  // namespace sigil::state
