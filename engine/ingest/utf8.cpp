#include "engine/ingest/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace sigil {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
constexpr std::uint64_t kBackslashes = 0x5C5C5C5C5C5C5C5Cull;

// The code unit of `\uXXXX` at p (p[0] == '\\'), or -1 when it is not such an escape.
int escaped_unit(const unsigned char* p, std::size_t left) {
  if (left < 6 || p[1] != 'u') return -1;
  int v = 0;
  for (int k = 2; k < 6; ++k) {
    int h = hex_digit_value(p[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
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
    std::size_t len = utf8_sequence_length(p + i, n - i);
    if (len == 0) return {Utf8Check::Problem::invalid_utf8, i};
    i += len;
  }
  return {};
}

}  // namespace sigil
