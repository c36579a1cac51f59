#pragma once
// Field paths of the stateful statements: `by` keys, aggregated fields, bound fields. A key must
// hold one scalar value (not an object, not a field that crosses an array): E-TYPE-MISMATCH.

#include <optional>
#include <vector>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

// The JSON types a resolved field may hold (every type for open and extra paths).
JsonTypeMask value_types(const FieldRef& field);
bool is_numeric_field(const FieldRef& field);

std::optional<FieldRef> resolve_key(const syntax::Ident& key, const FieldScope& scope, Diagnostics& diagnostics);
// Every key resolved, or nothing (each problem reported).
std::optional<std::vector<FieldRef>> resolve_keys(const std::vector<syntax::Ident>& keys, const FieldScope& scope,
                                                  Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
