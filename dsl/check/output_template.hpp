#pragma once
// The `output "..."` line -> segments: literal text and `{field.path}` placeholders, each path
// resolved like a condition's field. `{{` and `}}` stand for literal braces. E-BAD-TEMPLATE for
// an unknown path, an empty `{}`, or an unbalanced brace; when the literal has no escape
// sequences the diagnostic points inside it, at the placeholder, else at the whole literal.

#include <optional>
#include <vector>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

std::optional<std::vector<TemplateSegment>> parse_output_template(const syntax::StringLit& output,
                                                                  const FieldScope& scope, CheckContext& context);

}  // namespace sigil::dsl::check
