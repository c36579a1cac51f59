#pragma once
// The constants of a field condition as typed values: list literals flattened, `$name` list
// references replaced by the list's items (E-UNDEFINED-LIST when there is no such list; the use is
// recorded in Usage). `field(...)` references are not constants: the caller handles them first.

#include <vector>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

std::vector<CheckedValue> expand_values(const std::vector<syntax::ValueExpr>& values, CheckContext& context);

}  // namespace sigil::dsl::check
