#pragma once
// `sequence ... { steps } [until ...]` -> CheckedSequence. Each step's fields are checked against
// the step's own kind. `@name` tests are taken out of a step's `where` into bound tests: they
// must be ANDed at the top of the `where` (E-BAD-BOUND-TEST inside or/not, or with an operator
// other than ==, !=, contains, startswith, endswith) and name a value bound by an earlier step
// (E-UNDEFINED-BINDING). Also reports E-UNKNOWN-KIND, E-UNKNOWN-FIELD (a sequence key missing
// from a step's kind), E-DUPLICATE-STEP, E-DUPLICATE-BINDING, E-BAD-REPEAT, E-BAD-STEP,
// E-ABSENT-ONLY, E-STATE-TOO-LARGE (more than kMaxSteps steps, `within` beyond 30d, or more values
// held per key than sequence_cost.hpp allows) and W-STATE-LARGE (held values above the warning limit).
//
// A step whose `where` holds only bound tests gets an empty and_ as its condition: true.

#include <optional>

#include "dsl/check/check_context.hpp"
#include "dsl/check/checked_stateful.hpp"

namespace sigil::dsl::check {

inline constexpr std::size_t kMaxSteps = 16;

// `extra_fields`: the rule's `fields` opt-ins, visible in every step.
std::optional<CheckedSequence> check_sequence(const syntax::SequenceStmt& written,
                                              const std::vector<std::string_view>& extra_fields,
                                              CheckContext& context);

// The kinds of a sequence: its steps' and `until`'s.
KindMask sequence_kinds(const CheckedSequence& sequence);

}  // namespace sigil::dsl::check
