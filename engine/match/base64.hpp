#pragma once
// Sigma's `base64` and `base64offset` modifiers: compile-time expansions of a constant into the
// strings to look for (allocates). Matching the results is a CASED contains (base64 is case
// sensitive): build LiteralPatterns with cased = true.

#include <array>
#include <string>
#include <string_view>

namespace sigil::match {

// Standard base64 (RFC 4648 alphabet) with the trailing '=' padding removed, so that an encoded
// value followed by more encoded data still matches. The last character of a value whose length
// is not a multiple of 3 still depends on the byte that follows; to find a value anywhere inside
// encoded data use base64offset.
std::string base64(std::string_view value);

// The three encodings of `value` at byte offsets 0, 1 and 2 within encoded data, exactly as
// pySigma's base64offset: for shift i, encode (i spaces + value), drop the first (0,2,3)[i]
// characters and the last (0,3,2)[(len(value)+i)%3], which depend on the neighbouring bytes.
// E.g. "/bin/bash" -> {"L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"}.
std::array<std::string, 3> base64offset(std::string_view value);

}  // namespace sigil::match
