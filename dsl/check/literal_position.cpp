#include "dsl/check/literal_position.hpp"

#include <algorithm>

namespace sigil::dsl::check {

SourceSpan span_inside_literal(const SourceFiles& files, SourceSpan literal, std::string_view value,
                               std::size_t offset, std::size_t length) {
  if (literal.line == 0 || literal.column == 0 || literal.file >= files.size()) return literal;
  std::string_view line = files.line(literal.file, literal.line);
  std::size_t quote = literal.column - 1;  // 0-based index of the opening quote
  bool verbatim = line.size() >= quote + value.size() + 2 && line[quote] == '"' &&
                  line.substr(quote + 1, value.size()) == value && line[quote + 1 + value.size()] == '"';
  if (!verbatim || offset > value.size()) return literal;
  SourceSpan span = literal;
  span.column = static_cast<std::uint32_t>(literal.column + 1 + offset);
  span.length = static_cast<std::uint32_t>(std::max<std::size_t>(1, std::min(length, value.size() - offset)));
  return span;
}

}  // namespace sigil::dsl::check
