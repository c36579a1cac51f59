#pragma once
// A rule's `condition` -> CheckedExpr. Names resolve to the rule's selections and filters first,
// then to macros, whose bodies are expanded in place (macro bodies see macros, not the rule's
// selections); inline field conditions are checked like selection lines. `1 of p*` / `all of p*`
// expand to or_ / and_ of the selections and filters whose names match the glob; `them` means
// every selection that is not a filter.
//
// Reports E-UNDEFINED-SELECTION (hint: the closest name), E-EMPTY-OF, E-MACRO-CYCLE, and the
// predicate checks of inline conditions. Marks the selections it references in `used` (sized like
// `selections`) and the macros in context.usage.

#include <optional>
#include <vector>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

std::optional<CheckedExpr> check_condition(const syntax::Expr& condition,
                                           const std::vector<syntax::Selection>& selections, const FieldScope& scope,
                                           CheckContext& context, std::vector<bool>& used);

}  // namespace sigil::dsl::check
