#pragma once
// Stage 3 of loading: one collected rule -> CheckedRule, or nothing when any error was reported
// for it (every error is still reported). Runs, in order: metadata (metadata_checker), selections
// and filters (predicate_checker on each line), the condition (condition_checker; without a
// `condition` line a rule with exactly one selection and no filter uses that selection, anything
// else is E-MISSING-CONDITION), the exceptions that apply to it, the output template, and the
// lints (W-UNUSED-SELECTION, contradiction_lint).

#include <optional>

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

std::optional<CheckedRule> check_rule(const CollectedRule& collected, CheckContext& context);

}  // namespace sigil::dsl::check
