#pragma once
// Numeric comparison of event values with rule constants, exact across int64 and double:
// 5 == 5.0; 2^53 + 1 (int) != 2^53 (double), although converting the int to double would say
// equal. NaN is unordered with everything. Non-numeric values are unordered. Allocation-free.

#include <cmath>
#include <compare>
#include <cstdint>

#include "engine/event/value.hpp"

namespace sigil::match {

// Exact ordering of an int64 and a double.
inline std::partial_ordering compare_int_double(std::int64_t i, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  // [-2^63, 2^63) is exactly representable as double bounds.
  if (d >= 9223372036854775808.0) return std::partial_ordering::less;
  if (d < -9223372036854775808.0) return std::partial_ordering::greater;
  const double whole = std::trunc(d);
  const auto di = static_cast<std::int64_t>(whole);
  if (i != di) return i <=> di;
  return 0.0 <=> d - whole;  // same integer part: the fraction decides
}

inline std::partial_ordering compare_numeric(const Value& a, const Value& b) {
  if (!a.is_numeric() || !b.is_numeric()) return std::partial_ordering::unordered;
  const bool ai = a.type == ValueType::integer, bi = b.type == ValueType::integer;
  if (ai && bi) return a.integer <=> b.integer;
  if (ai) return compare_int_double(a.integer, b.number);
  if (bi) return 0 <=> compare_int_double(b.integer, a.number);
  return a.number <=> b.number;
}

inline bool numeric_equal(const Value& a, const Value& b) { return compare_numeric(a, b) == 0; }

}  // namespace sigil::match
