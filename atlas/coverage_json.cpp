// The coverage as one JSON object, for scripts. Field names are a contract: add, never rename.
//
//   {"atlas_version", "rule_count", "untagged_rule_count",
//    "summary": {"techniques": {"covered", "total"}, "sub_techniques": {...}},
//    "tactics": [{"id", "name", "techniques": {...}, "sub_techniques": {...},
//                 "rows": [{"id", "name", "display_name", "parent_id" (null when top-level),
//                           "rules": [rule ids], "sub_technique_rule_count" (top-level only)}]}]}
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "atlas/coverage_render.hpp"

namespace sigil::atlas {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void string(JsonWriter& json, std::string_view text) {
  json.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void member(JsonWriter& json, std::string_view key, std::string_view value) {
  string(json, key);
  string(json, value);
}

void member(JsonWriter& json, std::string_view key, std::size_t value) {
  string(json, key);
  json.Uint64(value);
}

void counted(JsonWriter& json, std::string_view key, const CoveredCount& count) {
  string(json, key);
  json.StartObject();
  member(json, "covered", count.covered);
  member(json, "total", count.total);
  json.EndObject();
}

void row(JsonWriter& json, const TechniqueCoverage& entry) {
  const Technique& technique = *entry.technique;
  json.StartObject();
  member(json, "id", technique.id);
  member(json, "name", technique.name);
  member(json, "display_name", technique.display_name);
  string(json, "parent_id");
  if (technique.is_sub_technique()) {
    string(json, technique.parent_id);
  } else {
    json.Null();
  }
  string(json, "rules");
  json.StartArray();
  for (const std::string& rule : entry.rules) string(json, rule);
  json.EndArray();
  if (!technique.is_sub_technique()) member(json, "sub_technique_rule_count", entry.sub_technique_rules);
  json.EndObject();
}

}  // namespace

void render_coverage_json(const Coverage& coverage, std::string& out) {
  rapidjson::StringBuffer buffer;
  JsonWriter json(buffer);
  json.StartObject();
  member(json, "atlas_version", coverage.catalog->version());
  member(json, "rule_count", coverage.rules);
  member(json, "untagged_rule_count", coverage.untagged_rules);
  string(json, "summary");
  json.StartObject();
  counted(json, "techniques", coverage.all_techniques);
  counted(json, "sub_techniques", coverage.all_sub_techniques);
  json.EndObject();
  string(json, "tactics");
  json.StartArray();
  for (const TacticCoverage& tactic : coverage.tactics) {
    json.StartObject();
    member(json, "id", tactic.tactic->id);
    member(json, "name", tactic.tactic->name);
    counted(json, "techniques", tactic.techniques);
    counted(json, "sub_techniques", tactic.sub_techniques);
    string(json, "rows");
    json.StartArray();
    for (std::size_t index : tactic.rows) row(json, coverage.techniques[index]);
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
  out += '\n';
}

}  // namespace sigil::atlas
