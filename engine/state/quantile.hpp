#pragma once
// Quantiles of a set of values, linear interpolation between closest ranks (Hyndman & Fan
// type 7; numpy's and R's default): with the values sorted as v[0..n-1], q -> h = (n - 1) q,
// v[floor(h)] + (h - floor(h)) (v[floor(h) + 1] - v[floor(h)]). q is clamped to [0, 1]; no
// values (or a NaN q) give NaN. The p50/p90/p95/p99 aggregates are q = 0.5/0.9/0.95/0.99.
//
// Cost: quantile_in_place is O(n) expected (std::nth_element, then the minimum of the upper part)
// and reorders its input; nothing is allocated.

#include <cstddef>
#include <span>

namespace sigil::state {

double quantile_in_place(std::span<double> values, double q);
// Same, over values already sorted ascending: O(1).
double quantile_sorted(std::span<const double> sorted, double q);

}  // namespace sigil::state
