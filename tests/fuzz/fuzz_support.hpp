#pragma once
// Helpers shared by the fuzz targets (header-only; each target is one translation unit).

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sigil_fuzz {

// Aborts with a message (libFuzzer then saves the input as a crash).
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ PROPERTY VIOLATED: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// SIGIL_FUZZ_LENIENT_UTF8=1 in the environment turns the strict UTF-8 checks of the targets off,
// to keep a long run going past a known, reported UTF-8 bug (its regression seeds stay in the
// corpus and fail a normal run).
inline bool lenient_utf8() {
  static const bool lenient = std::getenv("SIGIL_FUZZ_LENIENT_UTF8") != nullptr;
  return lenient;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) { ++i; continue; }
    std::size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b(i + k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

}  // namespace sigil_fuzz
