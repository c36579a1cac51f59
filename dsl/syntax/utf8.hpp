#pragma once
// Checks that a rule file is text before the grammar sees it.

#include <cstddef>
#include <string_view>

namespace sigil::dsl::syntax {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or npos when `text` is valid.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace sigil::dsl::syntax
