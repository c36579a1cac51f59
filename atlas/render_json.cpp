// The JSON answers of `sigil atlas`: one object per answer, always with "atlas_version".
// Field names are a contract for scripts; add fields, never rename them.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "atlas/render.hpp"

namespace sigil::atlas {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void string(JsonWriter& json, std::string_view text) {
  json.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void null(JsonWriter& json) { json.Null(); }

void member(JsonWriter& json, std::string_view key, std::string_view value) {
  string(json, key);
  string(json, value);
}

void tactic_object(JsonWriter& json, const Tactic& tactic) {
  json.StartObject();
  member(json, "id", tactic.id);
  member(json, "name", tactic.name);
  json.EndObject();
}

// The members every technique object has: id, name, display_name, parent_id and parent_name
// (null when top-level), tactics [{id, name}].
void technique_members(JsonWriter& json, const AtlasCatalog& catalog, const Technique& technique) {
  member(json, "id", technique.id);
  member(json, "name", technique.name);
  member(json, "display_name", technique.display_name);
  string(json, "parent_id");
  technique.is_sub_technique() ? string(json, technique.parent_id) : null(json);
  string(json, "parent_name");
  technique.is_sub_technique() ? string(json, technique.parent_name) : null(json);
  string(json, "tactics");
  json.StartArray();
  for (std::size_t index : technique.tactic_indices) tactic_object(json, catalog.tactics()[index]);
  json.EndArray();
}

void technique_summary(JsonWriter& json, const AtlasCatalog& catalog, const Technique& technique) {
  json.StartObject();
  technique_members(json, catalog, technique);
  json.EndObject();
}

// Runs `body` inside {"atlas_version": ..., <body>} and appends the document and a newline.
template <typename Body>
void document(const AtlasCatalog& catalog, std::string& out, Body&& body) {
  rapidjson::StringBuffer buffer;
  JsonWriter json(buffer);
  json.StartObject();
  member(json, "atlas_version", catalog.version());
  body(json);
  json.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
  out += '\n';
}

}  // namespace

void render_tactic_table_json(const AtlasCatalog& catalog, std::string& out) {
  document(catalog, out, [&](JsonWriter& json) {
    std::vector<TacticCount> counts = count_by_tactic(catalog);
    string(json, "tactics");
    json.StartArray();
    for (std::size_t i = 0; i < counts.size(); ++i) {
      json.StartObject();
      member(json, "id", catalog.tactics()[i].id);
      member(json, "name", catalog.tactics()[i].name);
      string(json, "techniques");
      json.Uint64(counts[i].top_level);
      string(json, "sub_techniques");
      json.Uint64(counts[i].sub_techniques);
      json.EndObject();
    }
    json.EndArray();
    string(json, "technique_count");
    json.Uint64(catalog.techniques().size());
  });
}

void render_technique_json(const AtlasCatalog& catalog, const Technique& technique,
                           std::string& out) {
  document(catalog, out, [&](JsonWriter& json) {
    string(json, "technique");
    json.StartObject();
    technique_members(json, catalog, technique);
    string(json, "sub_techniques");
    json.StartArray();
    for (const Technique& sub : catalog.sub_techniques(technique)) {
      technique_summary(json, catalog, sub);
    }
    json.EndArray();
    member(json, "description", technique.description);
    json.EndObject();
  });
}

void render_tactic_json(const AtlasCatalog& catalog, const Tactic& tactic, std::string& out) {
  document(catalog, out, [&](JsonWriter& json) {
    string(json, "tactic");
    json.StartObject();
    member(json, "id", tactic.id);
    member(json, "name", tactic.name);
    string(json, "techniques");
    json.StartArray();
    for (const Technique* technique : techniques_of_tactic(catalog, tactic)) {
      technique_summary(json, catalog, *technique);
    }
    json.EndArray();
    json.EndObject();
  });
}

void render_matches_json(const AtlasCatalog& catalog, std::string_view query,
                         const std::vector<const Technique*>& matches, std::string& out) {
  document(catalog, out, [&](JsonWriter& json) {
    member(json, "query", query);
    string(json, "techniques");
    json.StartArray();
    for (const Technique* technique : matches) technique_summary(json, catalog, *technique);
    json.EndArray();
  });
}

}  // namespace sigil::atlas
