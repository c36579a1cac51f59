#pragma once
// Validation of a whole record as UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), free of NUL bytes and of `\u` escapes that decode to a lone surrogate, in
// one pass, eight ASCII bytes at a time. Doing this
// once per record lets RapidJSON parse without its per-character validation, which also keeps its
// SIMD string scanning (it is disabled when RapidJSON validates).

#include <cstddef>
#include <string_view>

namespace sigil {

struct Utf8Check {
  enum class Problem { none, nul_byte, invalid_utf8, bad_escape /* \u escape of a lone surrogate */ };
  Problem problem = Problem::none;
  std::size_t offset = 0;  // of the first offending byte
};

Utf8Check check_utf8_without_nul(std::string_view bytes);

}  // namespace sigil
