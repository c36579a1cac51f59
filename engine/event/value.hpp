#pragma once
// One value of one field of one event, as the normalizer materialized it.
//
// Strings are views: into the batch's unescaped (in-situ parsed) copy of the input, or, for
// `raw_json`, into the original bytes of an object or array held by a free-form field
// (`tool.arguments`). A Value is valid only while the batch that produced it is alive.

#include <cstdint>
#include <string_view>

namespace sigil {

enum class ValueType : std::uint8_t { null, boolean, integer, number, string, raw_json };

struct Value {
  ValueType type = ValueType::null;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;        // set for integer values too, so numeric rules read one field
  std::string_view text;    // string and raw_json values

  static Value make_null() { return {}; }
  static Value make_bool(bool b) { return {ValueType::boolean, b, 0, 0, {}}; }
  static Value make_int(std::int64_t i) { return {ValueType::integer, false, i, static_cast<double>(i), {}}; }
  static Value make_number(double d) { return {ValueType::number, false, 0, d, {}}; }
  static Value make_string(std::string_view s) { return {ValueType::string, false, 0, 0, s}; }
  static Value make_raw_json(std::string_view s) { return {ValueType::raw_json, false, 0, 0, s}; }

  bool is_numeric() const { return type == ValueType::integer || type == ValueType::number; }
};

}  // namespace sigil
