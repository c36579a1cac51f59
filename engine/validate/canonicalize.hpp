#pragma once
// Private to engine/validate/. Folds flat dotted keys into nested objects, so that
// {"user.id":"u1"} and {"user":{"id":"u1"}} validate the same way against the nested schemas.
//
// Rules: keys are split on '.' at every level (a key with an empty segment, "a..b", is kept as
// it is); objects given both ways are merged ({"user.id":..,"user":{"name":..}}); the same field
// given twice, or a value where an object is needed, is an error "duplicate field <path>" and the
// first one is kept. Below free-form (open) fields (tool.arguments) keys are data: not split,
// but still checked for duplicates.

#include <string>
#include <vector>

#include "engine/event/field_catalog.hpp"
#include "engine/validate/event_validator.hpp"
#include "engine/validate/rapidjson_std_regex.hpp"

namespace sigil::validate_detail {

// Builds `output` (an object) from the object `input`; appends duplicates to `errors`.
void canonicalize(const rj::Value& input, rj::Document& output, const FieldCatalog& catalog,
                  std::vector<ValidationError>& errors);

// A JSON pointer token with '~' and '/' escaped.
std::string escape_pointer_token(std::string_view token);

}  // namespace sigil::validate_detail
