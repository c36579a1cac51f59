#pragma once
// `aggregate` and `having` of a windowed rule -> CheckedAggregate and CheckedHaving.
// Reports E-UNKNOWN-FUNCTION, E-BAD-AGGREGATE (count() with a field, another function without),
// E-TYPE-MISMATCH (sum/avg/min/max/pN of a non-numeric field), E-DUPLICATE-AGGREGATE,
// E-UNKNOWN-AGGREGATE (a name in `having` that is no aggregate), and E-BAD-DURATION for a
// baseline()/zscore() history shorter than the window.

#include <optional>
#include <vector>

#include "dsl/check/check_context.hpp"
#include "dsl/check/checked_stateful.hpp"

namespace sigil::dsl::check {

// Every aggregate, or nothing when one has an error (each reported).
std::optional<std::vector<CheckedAggregate>> check_aggregates(const std::vector<syntax::AggregateDef>& written,
                                                              const FieldScope& scope, Diagnostics& diagnostics);

// `window_length`: baseline()/zscore() histories must be at least one window long.
std::optional<CheckedHaving> check_having(const syntax::HavingExpr& written,
                                          const std::vector<syntax::AggregateDef>& aggregates,
                                          DurationNs window_length, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
