#pragma once
// One field condition (`prompt.risk_score >= 0.8`) -> CheckedPredicate, or nothing when it has
// an error. Checks, in order, every one reported (not only the first):
//   field path (E-UNKNOWN-FIELD, E-BAD-TIME-PART), `field(...)` comparisons (E-BAD-FIELDREF),
//   constants and `$lists` (E-UNDEFINED-LIST), operator vs field type and constant types
//   (E-TYPE-MISMATCH), modifiers vs operator (E-BAD-MODIFIER), time-part ranges and weekday
//   names (E-BAD-TIME-PART), regexes (E-BAD-REGEX), CIDRs (E-BAD-CIDR), and `between` with
//   low > high (W-ALWAYS-FALSE). The invariants it guarantees are listed on CheckedPredicate.

#include <optional>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

std::optional<CheckedPredicate> check_predicate(const syntax::FieldCondition& condition, const FieldScope& scope,
                                                CheckContext& context);

}  // namespace sigil::dsl::check
