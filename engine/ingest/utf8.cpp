#include "engine/ingest/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace sigil {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
constexpr std::uint64_t kBackslashes = 0x5C5C5C5C5C5C5C5Cull;

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of `\uXXXX` at p (p[0] == '\\'), or -1 when it is not such an escape.
int escaped_unit(const unsigned char* p, std::size_t left) {
  if (left < 6 || p[1] != 'u') return -1;
  int v = 0;
  for (int k = 2; k < 6; ++k) {
    int h = hex_value(p[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

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
      std::uint64_t x = v ^ kBackslashes;
      bool has_backslash = ((x - kLowBits) & ~x & kHighBits) != 0;
      if (ascii && !has_zero && !has_backslash) {
        i += 8;
        continue;
      }
    }
    unsigned char b = p[i];
    if (b == 0) return {Utf8Check::Problem::nul_byte, i};
    if (b == '\\') {
      // A `\u` escape must not decode to a lone surrogate: RapidJSON would turn one into bytes
      // that are not UTF-8, and every string of an alert must be.
      int unit = escaped_unit(p + i, n - i);
      if (unit >= 0xDC00 && unit <= 0xDFFF) return {Utf8Check::Problem::bad_escape, i};
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        int low = i + 6 < n && p[i + 6] == '\\' ? escaped_unit(p + i + 6, n - i - 6) : -1;
        if (low < 0xDC00 || low > 0xDFFF) return {Utf8Check::Problem::bad_escape, i};
        i += 12;
        continue;
      }
      i += i + 1 < n ? 2 : 1;  // the escaped character, whatever it is (`\\` included)
      continue;
    }
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
