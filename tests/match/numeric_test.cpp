#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "engine/match/numeric.hpp"

using namespace sigil::match;
using sigil::Value;

TEST_CASE("numeric - int and double compare exactly") {
  CHECK(numeric_equal(Value::make_int(5), Value::make_number(5.0)));
  CHECK(numeric_equal(Value::make_number(5.0), Value::make_int(5)));
  CHECK_FALSE(numeric_equal(Value::make_int(5), Value::make_number(5.5)));
  CHECK(compare_numeric(Value::make_int(5), Value::make_number(5.5)) < 0);
  CHECK(compare_numeric(Value::make_number(5.5), Value::make_int(5)) > 0);
  CHECK(compare_numeric(Value::make_int(-3), Value::make_number(-2.5)) < 0);
  CHECK(compare_numeric(Value::make_int(-2), Value::make_number(-2.5)) > 0);
  // 2^53 + 1 has no double; converting it would compare equal to 2^53.
  CHECK_FALSE(numeric_equal(Value::make_int((std::int64_t{1} << 53) + 1), Value::make_number(9007199254740992.0)));
  CHECK(compare_numeric(Value::make_int(std::numeric_limits<std::int64_t>::max()), Value::make_number(9223372036854775808.0)) < 0);
  CHECK(compare_numeric(Value::make_int(std::numeric_limits<std::int64_t>::min()), Value::make_number(-9223372036854775808.0)) == 0);
  CHECK(compare_numeric(Value::make_int(0), Value::make_number(-1e300)) > 0);
}

TEST_CASE("numeric - NaN and non-numeric values are unordered") {
  const Value nan = Value::make_number(std::nan(""));
  CHECK(compare_numeric(Value::make_int(1), nan) == std::partial_ordering::unordered);
  CHECK(compare_numeric(nan, nan) == std::partial_ordering::unordered);
  CHECK(compare_numeric(Value::make_string("5"), Value::make_int(5)) == std::partial_ordering::unordered);
  CHECK(compare_numeric(Value::make_null(), Value::make_int(0)) == std::partial_ordering::unordered);
  CHECK(numeric_equal(Value::make_int(7), Value::make_int(7)));
}
