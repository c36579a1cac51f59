#pragma once
// Places a part of a string constant in the source, so a diagnostic can point inside the literal
// (the bad `{field}` of a template, the offending part of a regex) rather than at all of it.

#include <cstddef>
#include <string_view>

#include "dsl/diag/source_files.hpp"
#include "dsl/diag/source_span.hpp"

namespace sigil::dsl::check {

// The span of bytes [offset, offset + length) of `value`, when the source at `literal` spells
// `value` verbatim between double quotes on one line; otherwise `literal` itself (escapes, or
// a value that came from a `$list` and so has the reference's span).
SourceSpan span_inside_literal(const SourceFiles& files, SourceSpan literal, std::string_view value,
                               std::size_t offset, std::size_t length);

}  // namespace sigil::dsl::check
