#pragma once
// Private to engine/validate/: include this before anything else of RapidJSON in a validate/ file.
//
// Why: RapidJSON's built-in regex keeps its match state inside the compiled pattern, so a
// SchemaDocument using it cannot be shared by threads; std::regex can (a const basic_regex is
// safe to search concurrently). Choosing std::regex changes RapidJSON's schema templates, so these
// files use RapidJSON under their own namespace: no One Definition Rule clash with other files
// of the program that include rapidjson/schema.h with the default settings.

#if defined(RAPIDJSON_RAPIDJSON_H_) && !defined(SIGIL_VALIDATE_RAPIDJSON)
#error "engine/validate/rapidjson_std_regex.hpp must be included before any RapidJSON header"
#endif
#define SIGIL_VALIDATE_RAPIDJSON 1

// Debian's rapidjson/schema.h (1.1.0) reads these oddly: defining USE_INTERNALREGEX at all turns
// the internal regex off, and std::regex is then chosen only if USE_STDREGEX is NOT defined.
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#define RAPIDJSON_NAMESPACE sigil_validate_rapidjson
#define RAPIDJSON_NAMESPACE_BEGIN namespace sigil_validate_rapidjson {
#define RAPIDJSON_NAMESPACE_END }

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#if !RAPIDJSON_SCHEMA_USE_STDREGEX || RAPIDJSON_SCHEMA_USE_INTERNALREGEX
#error "RapidJSON schema validation must use std::regex here (see above)"
#endif

namespace sigil::validate_detail {
namespace rj = ::sigil_validate_rapidjson;
}  // namespace sigil::validate_detail
