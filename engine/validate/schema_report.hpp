#pragma once
// Private to engine/validate/. Turns the state of a failed RapidJSON SchemaValidator (invalid
// keyword, schema pointer, document pointer) into readable ValidationErrors, then repairs the
// document where it can so that validating again finds the next error:
//   type, enum, pattern, ranges: the value is replaced by a placeholder the schema accepts
//                                (its default, first enum value, 0, "", ...) or, failing that,
//                                dropped from its object;
//   required, anyOf-of-required: the missing fields are added as placeholders.
// Placeholders are never reported: the caller only reports what the validator finds.

#include <set>
#include <string>
#include <vector>

#include "engine/validate/event_validator.hpp"
#include "engine/validate/rapidjson_std_regex.hpp"

namespace sigil::validate_detail {

struct Failure {
  std::string keyword;          // e.g. "type", "required"
  rj::Pointer schema_pointer;   // into the schema JSON
  rj::Pointer document_pointer; // into the event
};

// Appends the errors of `failure` (skipping pointers in `reported`, then adding them) and repairs
// `document`. Returns false when the document could not be repaired: stop validating it.
bool report_and_repair(const Failure& failure, const rj::Value& schema_json, rj::Document& document,
                       std::vector<ValidationError>& errors, std::set<std::string>& reported);

// The JSON type name of a value: null, boolean, integer, number, string, object, array.
std::string_view json_type_name(const rj::Value& value);

}  // namespace sigil::validate_detail
