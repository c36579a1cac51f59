#pragma once
// W-ALWAYS-FALSE / W-ALWAYS-TRUE for the obvious cases, after a rule is checked:
//  - in one AND-list (a selection alternative, an exception alternative), two tests of the same
//    single-valued field that cannot both hold: `x == "a"` and `x == "b"`, or numeric bounds
//    whose ranges do not intersect (`n > 10` and `n < 5`, `n == 3` and `n >= 4`);
//  - in the condition, `s and not s` (never) and `s or not s` (always) for the same selection.
// Only plain tests count: negated ones, `all` quantifiers, several values, repeated fields and
// untyped paths are skipped, so every warning is certain.

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl::check {

void lint_and_list(const std::vector<CheckedPredicate>& predicates, Diagnostics& diagnostics);
void lint_condition(const CheckedExpr& condition, const std::vector<CheckedSelection>& selections,
                    Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
