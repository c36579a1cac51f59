#pragma once
// Turning literal tokens into values: string escapes and numbers. Internal to dsl/syntax.
// Both throw SyntaxError (E-BAD-ESCAPE, E-BAD-NUMBER) positioned at the offending bytes;
// `token_offset` is where the token starts in the file.

#include <cstddef>
#include <string>
#include <string_view>

#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::syntax {

// `body` is the text between the quotes. Escapes: \" \\ \n \t \uXXXX (surrogate pairs allowed).
std::string unescape_string(std::string_view body, std::size_t body_offset);

// [+-] DIGITS [. DIGITS] [e|E [+-] DIGITS]; integers must fit in 64 bits.
// Fills kind, number, is_integer and integer of `out`.
void parse_number(std::string_view token, std::size_t token_offset, ValueExpr& out);

}  // namespace sigil::dsl::syntax
