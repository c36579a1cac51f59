// FieldCatalog: the schemas' "properties" trees flattened into one sorted list of leaf fields.
//
// IMPLEMENTATION: each schema is parsed with RapidJSON and walked recursively. Plain objects with
// "properties" only contribute their children (an intermediate object is not a field of its own:
// the normalizer materializes leaves). Leaves are scalars, arrays of scalars (repeated) and
// objects marked "x-sigil-open" (free-form, kept whole). An array whose items are objects
// contributes its items' sub-paths, repeated. Fields declared by several schemas are merged;
// a disagreement on type, shape or default is a schema bug and throws.

#include "engine/event/field_catalog.hpp"

#include "engine/event/edit_distance.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <tuple>

namespace sigil {
namespace {

using rapidjson::Value;

JsonTypeMask type_bits(std::string_view name) {
  if (name == "null") return kJsonNull;
  if (name == "boolean") return kJsonBoolean;
  if (name == "integer") return kJsonInteger;
  if (name == "number") return kJsonNumber | kJsonInteger;  // a number schema admits integers
  if (name == "string") return kJsonString;
  if (name == "object") return kJsonObject;
  if (name == "array") return kJsonArray;
  return 0;
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string_view str(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

const Value* member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// Where a field was first declared, for error messages.
struct Declared {
  FieldSpec spec;
  std::string schema;
};

class SchemaWalker {
 public:
  SchemaWalker(std::string_view schema_name, KindMask kinds, std::map<std::string, Declared>& out)
      : schema_name_(schema_name), kinds_(kinds), out_(out) {}

  void walk_root(const Value& root) {
    if (!root.IsObject()) fail("", "the schema is not an object");
    walk_properties(root, "", "", /*repeated=*/false, /*required=*/true);
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, std::string_view what) const {
    throw std::runtime_error(
        fmt::format("schema {}: at {}: {}", schema_name_, pointer.empty() ? "/" : pointer, what));
  }

  JsonTypeMask types_of(const Value& schema, const std::string& pointer) const {
    const Value* type = member(schema, "type");
    if (!type) fail(pointer, "missing \"type\"");
    JsonTypeMask mask = 0;
    auto add = [&](const Value& name) {
      JsonTypeMask bits = name.IsString() ? type_bits(str(name)) : 0;
      if (!bits) fail(pointer + "/type", "not a JSON Schema type name");
      mask |= bits;
    };
    if (type->IsArray()) {
      for (const Value& name : type->GetArray()) add(name);
    } else {
      add(*type);
    }
    return mask;
  }

  // `required`: every object from the root down to `object` is required, so a name in
  // object's "required" list is required in the event.
  void walk_properties(const Value& object, const std::string& prefix, const std::string& pointer,
                       bool repeated, bool required) {
    const Value* properties = member(object, "properties");
    if (!properties) return;
    if (!properties->IsObject()) fail(pointer + "/properties", "\"properties\" is not an object");
    std::vector<std::string_view> required_names;
    if (const Value* list = member(object, "required"); list && list->IsArray())
      for (const Value& name : list->GetArray())
        if (name.IsString()) required_names.push_back(str(name));
    for (const auto& property : properties->GetObject()) {
      std::string name(str(property.name));
      bool is_required = required && std::find(required_names.begin(), required_names.end(),
                                                name) != required_names.end();
      add_property(property.value, prefix.empty() ? name : prefix + "." + name,
                   pointer + "/properties/" + escape_pointer_token(name), repeated, is_required);
    }
  }

  void add_property(const Value& schema, const std::string& path, const std::string& pointer,
                    bool repeated, bool required) {
    if (!schema.IsObject()) fail(pointer, "property schema is not an object");
    JsonTypeMask types = types_of(schema, pointer);
    const Value* open_flag = member(schema, "x-sigil-open");
    bool open = open_flag && open_flag->IsBool() && open_flag->GetBool();

    if (types & kJsonArray) {
      if (types != kJsonArray) fail(pointer, "an array field cannot also admit other types");
      const Value* items = member(schema, "items");
      if (!items || !items->IsObject()) fail(pointer, "array without an \"items\" schema");
      JsonTypeMask item_types = types_of(*items, pointer + "/items");
      if (item_types & (kJsonArray | kJsonObject)) {
        if (item_types != kJsonObject || !member(*items, "properties"))
          fail(pointer + "/items", "array items must be scalars or objects with \"properties\"");
        // An element may be absent (empty array), so nothing below an array is required.
        walk_properties(*items, path, pointer + "/items", /*repeated=*/true, /*required=*/false);
        return;
      }
      add_leaf(schema, path, pointer, item_types, /*repeated=*/true, false, required);
      return;
    }
    if ((types & kJsonObject) && !open) {
      if (types != kJsonObject || !member(schema, "properties"))
        fail(pointer, "an object field needs \"properties\" or \"x-sigil-open\": true");
      walk_properties(schema, path, pointer, repeated, required);
      return;
    }
    add_leaf(schema, path, pointer, types, repeated, open, required);
  }

  void add_leaf(const Value& schema, const std::string& path, const std::string& pointer,
                JsonTypeMask types, bool repeated, bool open, bool required) {
    FieldSpec spec;
    spec.path = path;
    spec.types = types;
    spec.repeated = repeated;
    spec.open = open;
    spec.kinds = kinds_;
    spec.required_in = required ? kinds_ : 0;
    if (const Value* d = member(schema, "description"); d && d->IsString())
      spec.description = std::string(str(*d));
    if (const Value* d = member(schema, "default")) {
      if (!d->IsString()) fail(pointer + "/default", "only string defaults are supported");
      spec.has_default = true;
      spec.default_value = std::string(str(*d));
    }
    if (const Value* e = member(schema, "enum"); e && e->IsArray())
      for (const Value& v : e->GetArray())
        if (v.IsString()) spec.enum_values.emplace_back(str(v));
    merge(std::move(spec), pointer);
  }

  void merge(FieldSpec spec, const std::string& pointer) {
    auto [it, inserted] = out_.try_emplace(spec.path, Declared{spec, std::string(schema_name_)});
    if (inserted) return;
    FieldSpec& known = it->second.spec;
    if (known.types != spec.types || known.repeated != spec.repeated || known.open != spec.open)
      fail(pointer, fmt::format("field {} is declared with another type or shape in schema {}",
                                spec.path, it->second.schema));
    if (known.has_default && spec.has_default && known.default_value != spec.default_value)
      fail(pointer, fmt::format("field {} has another default in schema {}", spec.path,
                                it->second.schema));
    // An envelope field redeclared by a kind (the `kind` pin) keeps the envelope's documentation.
    bool envelope_field = known.kinds == kAllKinds;
    known.kinds |= spec.kinds;
    known.required_in |= spec.required_in;
    if (!known.has_default && spec.has_default) {
      known.has_default = true;
      known.default_value = spec.default_value;
    }
    if (envelope_field) return;
    if (known.description.empty()) known.description = spec.description;
    for (auto& value : spec.enum_values)
      if (std::find(known.enum_values.begin(), known.enum_values.end(), value) ==
          known.enum_values.end())
        known.enum_values.push_back(std::move(value));
  }

  std::string_view schema_name_;
  KindMask kinds_;
  std::map<std::string, Declared>& out_;
};

std::string_view last_segment(std::string_view path) {
  auto dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

}  // namespace

const FieldCatalog& FieldCatalog::builtin() {
  static const FieldCatalog catalog = from_schemas(embedded_schemas());
  return catalog;
}

FieldCatalog FieldCatalog::from_schemas(std::span<const EmbeddedSchema> schemas) {
  std::map<std::string, Declared> declared;
  // The envelope first, so that its fields own their documentation when kinds redeclare them.
  auto envelope = std::find_if(schemas.begin(), schemas.end(),
                               [](const EmbeddedSchema& s) { return s.name == "envelope"; });
  if (envelope == schemas.end()) throw std::runtime_error("schemas: no \"envelope\" schema");
  std::vector<const EmbeddedSchema*> ordered{&*envelope};
  for (const EmbeddedSchema& schema : schemas)
    if (&schema != &*envelope) ordered.push_back(&schema);

  for (const EmbeddedSchema* schema : ordered) {
    KindMask kinds = kAllKinds;
    if (schema->name != "envelope") {
      auto kind = parse_kind(schema->name);
      if (!kind) throw std::runtime_error(fmt::format("schema {}: not a kind name", schema->name));
      kinds = kind_bit(*kind);
    }
    rapidjson::Document document;
    document.Parse(schema->text.data(), schema->text.size());
    if (document.HasParseError())
      throw std::runtime_error(fmt::format("schema {}: invalid JSON at byte {}: {}", schema->name,
                                           document.GetErrorOffset(),
                                           rapidjson::GetParseError_En(document.GetParseError())));
    SchemaWalker(schema->name, kinds, declared).walk_root(document);
  }

  FieldCatalog catalog;
  catalog.fields_.reserve(declared.size());
  for (auto& [path, entry] : declared) catalog.fields_.push_back(std::move(entry.spec));  // map order: sorted
  return catalog;
}

const FieldSpec* FieldCatalog::find(std::string_view path) const {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), path,
                             [](const FieldSpec& f, std::string_view p) { return f.path < p; });
  return it != fields_.end() && it->path == path ? &*it : nullptr;
}

const FieldSpec* FieldCatalog::open_ancestor(std::string_view path) const {
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1))
    if (const FieldSpec* field = find(path.substr(0, dot)); field && field->open) return field;
  return nullptr;
}

std::vector<std::string_view> FieldCatalog::suggest(std::string_view path, std::size_t limit) const {
  // Score: edit distance of the whole path, or of the last segment plus one (so that "risk_scor"
  // finds prompt.risk_score, but a near-miss of the whole path wins a tie). Candidates further
  // than about a third of the length typed are noise and dropped.
  const std::string_view segment = last_segment(path);
  const std::size_t path_cutoff = std::max<std::size_t>(2, path.size() / 3);
  const std::size_t segment_cutoff = std::max<std::size_t>(1, segment.size() / 3);
  std::vector<std::tuple<std::size_t, std::size_t, std::string_view>> ranked;
  for (const FieldSpec& field : fields_) {
    std::size_t whole = edit_distance(path, field.path);
    std::size_t best = whole <= path_cutoff ? whole : SIZE_MAX;
    std::size_t by_segment = edit_distance(segment, last_segment(field.path));
    if (by_segment <= segment_cutoff) best = std::min(best, by_segment + 1);
    if (best != SIZE_MAX) ranked.emplace_back(best, whole, field.path);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < limit; ++i)
    out.push_back(std::get<2>(ranked[i]));
  return out;
}

}  // namespace sigil
