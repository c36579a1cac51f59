#pragma once
// The fields of the telemetry contract, derived from the JSON Schemas in schemas/ (embedded in
// the binary at build time), so the schemas are the single source of truth for field names,
// types, required-ness and defaults. The normalizer uses it to type-check events; the rule
// checker uses it to resolve field paths and to suggest names.
//
// Thread safety: a FieldCatalog is immutable once built; `builtin()` builds it once (thread-safe
// static initialisation) and every thread may read it.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event/kind.hpp"

namespace sigil {

// JSON types a schema allows for one value, as a bit set. `number` admits integers too.
enum JsonType : std::uint8_t {
  kJsonNull = 1 << 0,
  kJsonBoolean = 1 << 1,
  kJsonInteger = 1 << 2,
  kJsonNumber = 1 << 3,
  kJsonString = 1 << 4,
  kJsonObject = 1 << 5,
  kJsonArray = 1 << 6,
};
using JsonTypeMask = std::uint8_t;

struct FieldSpec {
  std::string path;                 // canonical dotted path, arrays elided: "retrieval.documents.id"
  JsonTypeMask types = 0;           // types of one value (one element, for values inside arrays)
  bool repeated = false;            // crosses an array or is an array of scalars: "any element" semantics
  bool open = false;                // free-form object (tool.arguments): every sub-path exists
  KindMask kinds = 0;               // kinds whose schema declares the field (kAllKinds: the envelope)
  KindMask required_in = 0;         // kinds in which the field is required
  bool has_default = false;         // schema "default": applied when the field is absent
  std::string default_value;        // only string defaults are supported
  std::vector<std::string> enum_values;  // documented values, for hints; not enforced at run time
  std::string description;
};

// One schema document as embedded by schemas/CMakeLists.txt.
struct EmbeddedSchema {
  std::string_view name;  // "envelope", or a kind name such as "prompt"
  std::string_view text;  // the JSON Schema (draft-04)
};

// The schema documents compiled into this binary (schemas/embedded_schemas.cpp, generated).
std::span<const EmbeddedSchema> embedded_schemas();

class FieldCatalog {
 public:
  // The catalog of the embedded schemas. Built on first use.
  static const FieldCatalog& builtin();

  // Builds a catalog from schema documents: one named "envelope" and one per kind.
  // Throws std::runtime_error naming the schema and the JSON pointer of anything it cannot use.
  static FieldCatalog from_schemas(std::span<const EmbeddedSchema> schemas);

  // The field with exactly this canonical path, or nullptr.
  const FieldSpec* find(std::string_view path) const;

  // The open (free-form) field that `path` lies strictly below, or nullptr:
  // open_ancestor("tool.arguments.to") is tool.arguments.
  const FieldSpec* open_ancestor(std::string_view path) const;

  // Known paths closest to `path` by edit distance (at most `limit`), for "did you mean" hints.
  std::vector<std::string_view> suggest(std::string_view path, std::size_t limit = 1) const;

  std::span<const FieldSpec> fields() const { return fields_; }

 private:
  std::vector<FieldSpec> fields_;  // sorted by path
};

}  // namespace sigil
