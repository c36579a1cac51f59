#pragma once
// The stateful statements of a rule -> CheckedStateful (checked_stateful.hpp states the
// invariants). Judges the combinations: E-CONFLICTING-STATE (two of window / new / sequence),
// E-AGGREGATE-WITHOUT-WINDOW (also `baseline warmup`), E-HAVING-WITHOUT-WINDOW,
// E-WINDOW-WITHOUT-HAVING, E-CONDITION-IN-SEQUENCE (a sequence's steps hold its conditions),
// E-KIND-NOT-IN-ON (a step kind the rule's `on` leaves out); durations (E-BAD-DURATION,
// E-STATE-TOO-LARGE) and keys (E-UNKNOWN-FIELD, E-TYPE-MISMATCH); aggregate_checker.hpp and
// sequence_checker.hpp do the rest.
//
// For a sequence rule, `out.kinds` becomes the union of the step kinds when the rule has no
// `on`, and `out.condition` an empty and_ (true): each step has its own condition.

#include "dsl/check/check_context.hpp"
#include "dsl/check/checked_stateful.hpp"

namespace sigil::dsl::check {

// Sets out.stateful (null for a rule with no stateful statement). `scope`: the rule's kinds.
void check_stateful(const syntax::Rule& rule, const FieldScope& scope, CheckContext& context, CheckedRule& out);

}  // namespace sigil::dsl::check
