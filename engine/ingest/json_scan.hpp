#pragma once
// Lexical pieces of the normalizer's fast path (fast_parse.cpp): JSON strings scanned and
// validated in one pass (syntax, UTF-8 per RFC 3629, escapes, no lone surrogates), 16 bytes at a
// time with SSE2 where the target has it and 8 at a time otherwise; in-place unescaping; number
// lexing. Private to engine/ingest.
//
// Contract of every function here: the text is NUL-terminated (the scratch copy of a record), so
// a scalar peek never needs a bounds check: NUL is never valid where these functions look, and
// they stop at it. Vector loads are only made while 16 (or 8) bytes remain before `end`.
// A function that meets anything it does not accept returns nullptr; the caller then leaves the
// record to the reference parser, which decides (and words) the rejection.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine/ingest/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sigil::json_scan {

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

inline const char* skip_whitespace(const char* p) {
  // One compare for the usual case (compact JSON: no whitespace between tokens).
  while (static_cast<unsigned char>(*p) <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

// The four hex digits at p as a code unit, or -1 (stops at the first non-hex byte, so at NUL).
inline int hex4(const char* p) {
  int v = 0;
  for (int k = 0; k < 4; ++k) {
    int h = hex_digit_value(static_cast<unsigned char>(p[k]));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// The escape at p (p[0] == '\\'): the byte after it, or nullptr when it is not one RapidJSON
// accepts or decodes to a lone surrogate (which the reference path rejects too).
inline const char* skip_escape(const char* p) {
  switch (p[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return p + 2;
    case 'u': {
      int unit = hex4(p + 2);
      if (unit < 0) return nullptr;
      if (unit < 0xD800 || unit > 0xDFFF) return p + 6;
      if (unit > 0xDBFF || p[6] != '\\' || p[7] != 'u') return nullptr;
      int low = hex4(p + 8);
      return low >= 0xDC00 && low <= 0xDFFF ? p + 12 : nullptr;
    }
    default: return nullptr;
  }
}

// Offset of the first byte in [p, p + 16) (or + 8) that ends a plain run of string bytes: '"',
// '\\', a control byte, or a byte >= 0x80; the block size when there is none.
#if defined(__SSE2__)
inline constexpr std::size_t kBlock = 16;
inline unsigned special_in_block(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  // Signed compare: bytes >= 0x80 are negative, so this flags them together with 0x00-0x1F.
  __m128i low_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), low_or_high)));
  return mask ? static_cast<unsigned>(std::countr_zero(mask)) : 16u;
}
#else
inline constexpr std::size_t kBlock = 8;
inline unsigned special_in_block(const char* p) {
  constexpr std::uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  auto zero_byte = [&](std::uint64_t x) { return (x - kLow) & ~x & kHigh; };
  std::uint64_t mask = zero_byte(v ^ (kLow * '"')) | zero_byte(v ^ (kLow * '\\')) |
                       ((v - kLow * 0x20) & ~v & kHigh) | (v & kHigh);
  if (mask == 0) return 8;
  if constexpr (std::endian::native == std::endian::little) return static_cast<unsigned>(std::countr_zero(mask)) / 8;
  for (unsigned k = 0; k < 8; ++k) {  // the borrow trick may flag bytes after the first: find it plainly
    unsigned char c = static_cast<unsigned char>(p[k]);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return k;
  }
  return 8;
}
#endif

// Scans a string body from p (just after the opening quote) to its closing quote, validating it.
// Returns the closing quote, or nullptr. `escaped` is set when the body holds an escape.
inline const char* scan_string(const char* p, const char* end, bool& escaped) {
  while (true) {
    while (static_cast<std::size_t>(end - p) >= kBlock) {
      unsigned k = special_in_block(p);
      p += k;
      if (k < kBlock) break;
    }
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"') return p;
    if (c == '\\') {
      escaped = true;
      p = skip_escape(p);
      if (p == nullptr) return nullptr;
    } else if (c < 0x20) {
      return nullptr;  // control byte or the NUL terminator
    } else if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(reinterpret_cast<const unsigned char*>(p),
                                           static_cast<std::size_t>(end - p));
      if (n == 0) return nullptr;
      p += n;
    } else {
      ++p;  // fewer than a block left: byte by byte
    }
  }
}

// A key: scan_string, and `dotted` says whether the body holds a '.' (as written, before
// unescaping). Keys of up to 15 bytes take one block, with no further pass for the dot.
inline const char* scan_key(const char* p, const char* end, bool& escaped, bool& dotted) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned special = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                     _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)))));
    if (special != 0) {
      unsigned k = static_cast<unsigned>(std::countr_zero(special));
      if (p[k] == '"') {
        unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
        dotted = (dots & ((1u << k) - 1)) != 0;
        return p + k;
      }
    }
  }
#endif
  const char* close = scan_string(p, end, escaped);
  if (close != nullptr) dotted = std::memchr(p, '.', static_cast<std::size_t>(close - p)) != nullptr;
  return close;
}

// Unescapes the validated string body [begin, close) in place, as RapidJSON's in-situ parse
// does; returns the new length.
inline std::size_t unescape_in_place(char* begin, const char* close) {
  const char* in = static_cast<const char*>(std::memchr(begin, '\\', static_cast<std::size_t>(close - begin)));
  if (in == nullptr) return static_cast<std::size_t>(close - begin);
  char* out = begin + (in - begin);
  while (in < close) {
    if (*in != '\\') {
      *out++ = *in++;
      continue;
    }
    char e = in[1];
    if (e != 'u') {
      switch (e) {
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        default: *out++ = e; break;  // '"', '\\', '/'
      }
      in += 2;
      continue;
    }
    auto cp = static_cast<std::uint32_t>(hex4(in + 2));
    in += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      auto low = static_cast<std::uint32_t>(hex4(in + 2));
      cp = (((cp - 0xD800) << 10) | (low - 0xDC00)) + 0x10000;
      in += 6;
    }
    out = encode_utf8(cp, out);
  }
  return static_cast<std::size_t>(out - begin);
}

// A lexed JSON number. `simple` numbers are those whose verdict and value the fast path can
// give exactly as RapidJSON 1.1.0 would (no overflow paths): at most 18 integer digits and an
// exponent of at most 300. Others are handed to RapidJSON itself.
struct NumberToken {
  const char* begin = nullptr;
  const char* end = nullptr;  // past the last byte
  bool minus = false;
  bool integer = false;       // no fraction, no exponent
  bool simple = false;
  int int_digits = 0;
  int frac_digits = 0;
  int exponent = 0;           // signed value of the exponent part
  std::uint64_t digits = 0;   // integer and fraction digits as one integer (when they fit: <= 18)
};

// Lexes a number at p; false when it is not JSON number syntax.
inline bool lex_number(const char* p, NumberToken& t) {
  t.begin = p;
  t.minus = *p == '-';
  if (t.minus) ++p;
  const char* digits = p;
  std::uint64_t v = 0;
  if (*p == '0') {
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    while (is_digit(*p)) {
      if (p - digits < 19) v = v * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
  } else {
    return false;
  }
  t.int_digits = static_cast<int>(p - digits);
  t.frac_digits = 0;
  t.exponent = 0;
  int exp_digits = 0;
  if (*p == '.') {
    ++p;
    const char* frac = p;
    if (!is_digit(*p)) return false;
    while (is_digit(*p)) {
      if (t.int_digits + (p - frac) < 19) v = v * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    t.frac_digits = static_cast<int>(p - frac);
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    bool negative = *p == '-';
    if (*p == '+' || *p == '-') ++p;
    if (!is_digit(*p)) return false;
    const char* exp = p;
    int e = 0;
    while (is_digit(*p)) {
      if (p - exp < 4) e = e * 10 + (*p - '0');
      ++p;
    }
    exp_digits = static_cast<int>(p - exp);
    t.exponent = negative ? -e : e;
  }
  t.end = p;
  t.integer = t.frac_digits == 0 && exp_digits == 0;
  t.simple = t.int_digits <= 18 && exp_digits <= 3 && t.exponent <= 300 && t.exponent >= -300;
  t.digits = v;
  return true;
}

}  // namespace sigil::json_scan
