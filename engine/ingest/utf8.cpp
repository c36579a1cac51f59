#include "engine/ingest/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace sigil {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t kLowBits = 0x0101010101010101ull;

// One multi-byte sequence starting at `i` (bytes[i] >= 0x80); its length, or 0 if invalid.
std::size_t sequence_length(const unsigned char* p, std::size_t left) {
  unsigned char b0 = p[0];
  auto cont = [&](std::size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (b0 == 0xED && p[1] > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && p[1] > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // continuation byte, C0/C1, F5..FF
}

}  // namespace

Utf8Check check_utf8_without_nul(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t v;
      std::memcpy(&v, p + i, 8);
      bool ascii = (v & kHighBits) == 0;
      bool has_zero = ((v - kLowBits) & ~v & kHighBits) != 0;
      if (ascii && !has_zero) {
        i += 8;
        continue;
      }
    }
    unsigned char b = p[i];
    if (b == 0) return {Utf8Check::Problem::nul_byte, i};
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = sequence_length(p + i, n - i);
    if (len == 0) return {Utf8Check::Problem::invalid_utf8, i};
    i += len;
  }
  return {};
}

}  // namespace sigil
