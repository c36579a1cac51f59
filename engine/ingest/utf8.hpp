#pragma once
// Validation of a whole record as UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), free of NUL bytes and of `\u` escapes that decode to a lone surrogate, in
// one pass, eight ASCII bytes at a time. Doing this
// once per record lets RapidJSON parse without its per-character validation, which also keeps its
// SIMD string scanning (it is disabled when RapidJSON validates).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sigil {

// The value of one hex digit, or -1.
inline int hex_digit_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Writes code point `cp` (at most U+10FFFF) as UTF-8 at `out` (1 to 4 bytes); returns the end.
inline char* encode_utf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// The same, appended to a string.
inline void append_utf8(std::string& out, std::uint32_t cp) {
  char bytes[4];
  out.append(bytes, encode_utf8(cp, bytes));
}

// Length of the UTF-8 sequence at p (p[0] >= 0x80, `left` bytes readable from p), or 0 when it is
// not valid RFC 3629 (overlong, surrogate, above U+10FFFF, stray continuation, C0/C1, F5..FF).
inline std::size_t utf8_sequence_length(const unsigned char* p, std::size_t left) {
  const unsigned char b0 = p[0];
  auto cont = [&](std::size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (b0 == 0xED && p[1] > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && p[1] > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

struct Utf8Check {
  enum class Problem { none, nul_byte, invalid_utf8, bad_escape /* \u escape of a lone surrogate */ };
  Problem problem = Problem::none;
  std::size_t offset = 0;  // of the first offending byte
};

Utf8Check check_utf8_without_nul(std::string_view bytes);

}  // namespace sigil
