#include "engine/state/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sigil::state {
namespace {

bool rank(std::size_t n, double q, std::size_t& lo, double& frac) {
  if (n == 0 || std::isnan(q)) return false;
  q = std::clamp(q, 0.0, 1.0);
  const double h = static_cast<double>(n - 1) * q;
  lo = std::min(static_cast<std::size_t>(std::floor(h)), n - 1);
  frac = h - static_cast<double>(lo);
  return true;
}

}  // namespace

double quantile_in_place(std::span<double> values, double q) {
  std::size_t lo = 0;
  double frac = 0;
  if (!rank(values.size(), q, lo, frac)) return std::numeric_limits<double>::quiet_NaN();
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double a = values[lo];
  if (frac == 0 || lo + 1 >= values.size()) return a;
  const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return a + frac * (b - a);
}

double quantile_sorted(std::span<const double> sorted, double q) {
  std::size_t lo = 0;
  double frac = 0;
  if (!rank(sorted.size(), q, lo, frac)) return std::numeric_limits<double>::quiet_NaN();
  if (frac == 0 || lo + 1 >= sorted.size()) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace sigil::state
