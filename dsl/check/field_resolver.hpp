#pragma once
// Resolves the field paths written in a rule (conditions, exceptions, `field(...)`, output
// templates) against the telemetry contract, for the kinds the rule is `on`.
//
// Order: `time.<part>` is a time part (else E-BAD-TIME-PART); a contract field declared by one of
// the kinds; a path below an open (free-form) field of one of the kinds; a path equal to or below
// one the rule opted in with `fields`. Anything else is E-UNKNOWN-FIELD, with "did you mean" from
// FieldCatalog::suggest, or naming the kinds the field belongs to.

#include <optional>
#include <string_view>
#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::check {

struct FieldScope {
  KindMask kinds = 0;
  std::vector<std::string_view> extra_fields;  // from `fields ...`
};

// `unknown_code` is the code reported for a path that resolves to nothing
// (E-UNKNOWN-FIELD, E-BAD-TEMPLATE, E-BAD-FIELDREF) for unknown paths.
std::optional<FieldRef> resolve_field(std::string_view path, SourceSpan span, const FieldScope& scope,
                                      std::string_view unknown_code, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
