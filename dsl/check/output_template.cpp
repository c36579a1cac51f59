#include "dsl/check/output_template.hpp"

#include <fmt/format.h>

#include "dsl/check/literal_position.hpp"

namespace sigil::dsl::check {
std::optional<std::vector<TemplateSegment>> parse_output_template(const syntax::StringLit& output,
                                                                  const FieldScope& scope, CheckContext& context) {
  const std::string& text = output.value;
  auto place = [&](std::size_t offset, std::size_t length) {
    return span_inside_literal(context.files, output.span, text, offset, length);
  };
  std::vector<TemplateSegment> segments;
  std::string literal;
  bool ok = true;
  auto flush_literal = [&] {
    if (!literal.empty()) segments.push_back({false, std::move(literal), {}});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c == '}') {
      context.diagnostics.error("E-BAD-TEMPLATE", place(i, 1), "unmatched `}` in the output template")
          .hints.push_back("write `}}` for a literal brace");
      ok = false;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    std::size_t close = text.find('}', i + 1);
    if (close == std::string::npos) {
      context.diagnostics.error("E-BAD-TEMPLATE", place(i, text.size() - i), "unclosed `{` in the output template")
          .hints.push_back("close the placeholder with `}`, or write `{{` for a literal brace");
      ok = false;
      break;
    }
    std::string path = text.substr(i + 1, close - i - 1);
    SourceSpan span = place(i, close - i + 1);
    if (path.empty()) {
      context.diagnostics.error("E-BAD-TEMPLATE", span, "empty `{}` in the output template")
          .hints.push_back("name a field inside the braces: `{session.id}`");
      ok = false;
    } else if (auto field = resolve_field(path, span, scope, "E-BAD-TEMPLATE", context.diagnostics)) {
      flush_literal();
      segments.push_back({true, {}, std::move(*field)});
    } else {
      ok = false;
    }
    i = close;
  }
  flush_literal();
  if (!ok) return std::nullopt;
  return segments;
}

}  // namespace sigil::dsl::check
