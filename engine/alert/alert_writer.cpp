#include "engine/alert/alert_writer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/atlas_catalog.hpp"
#include "engine/alert/redacted_json.hpp"
#include "engine/alert/redaction.hpp"
#include "engine/alert/sha256.hpp"
#include "engine/ingest/timestamp.hpp"

namespace sigil {
namespace {

void put(JsonWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

// A string that came from an event (ids): secrets masked when redacting.
void put_event_text(JsonWriter& w, std::string_view s, const Redactor* r) {
  if (r) put_redacted_text(w, *r, s);
  else put(w, s);
}


void put_time(JsonWriter& w, std::int64_t ns) {
  char buffer[32];
  std::size_t n = format_rfc3339_ns(ns, buffer);
  w.String(buffer, static_cast<rapidjson::SizeType>(n));
}

void put_value(JsonWriter& w, const Value& v) {
  switch (v.type) {
    case ValueType::null: w.Null(); break;
    case ValueType::boolean: w.Bool(v.boolean); break;
    case ValueType::integer: w.Int64(v.integer); break;
    case ValueType::number: w.Double(v.number); break;
    case ValueType::string: put(w, v.text); break;
    // The bytes of an object or array that parsed as valid JSON: embedded as they are.
    case ValueType::raw_json:
      w.RawValue(v.text.data(), v.text.size(), v.text.starts_with('[') ? rapidjson::kArrayType : rapidjson::kObjectType);
      break;
  }
}

// A field's value: as it is, or masked by the redactor according to its path.
void put_field_value(JsonWriter& w, const FieldPlan& plan, const EvidenceField& f, const Redactor* r) {
  const std::string& path = plan.slot(f.field).path;
  w.Key(path.data(), static_cast<rapidjson::SizeType>(path.size()));
  if (!f.value) w.Null();
  else if (r) put_redacted_value(w, *r, path, *f.value);
  else put_value(w, *f.value);
}

// Writes "key": the first string value of a field (an empty string stays ""), or null when absent.
void put_text_field(JsonWriter& w, std::string_view key, const Event& event, FieldId field, const Redactor* r) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  const Value* v = event.first(field);
  if (v == nullptr || v->type != ValueType::string) w.Null();
  else put_event_text(w, v->text, r);
}

void put_source(JsonWriter& w, const SourcePosition& position, const SourceTable& sources) {
  const SourceTable::Entry& source = sources.at(position.source);
  w.StartObject();
  if (source.type == SourceTable::Type::file) {
    w.Key("file");
    put(w, source.name);
    w.Key("line");
    w.Int64(position.offset);
  } else {
    w.Key("topic");
    put(w, source.name);
    w.Key("partition");
    w.Int(position.partition);
    w.Key("offset");
    w.Int64(position.offset);
  }
  w.EndObject();
}

std::vector<std::string_view> distinct_trace_ids(std::span<const EvidenceEvent> evidence, FieldId trace_field) {
  std::vector<std::string_view> ids;
  for (const EvidenceEvent& e : evidence) {
    std::string_view id = e.event->text(trace_field);
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

void put_atlas_technique(JsonWriter& w, const atlas::Technique& t) {
  const auto& catalog = atlas::AtlasCatalog::builtin();
  w.StartObject();
  w.Key("id");
  put(w, t.id);
  w.Key("name");
  put(w, t.display_name);
  w.Key("parent_id");
  if (t.is_sub_technique()) put(w, t.parent_id);
  else w.Null();
  w.Key("parent_name");
  if (t.is_sub_technique()) put(w, t.parent_name);
  else w.Null();
  w.Key("tactics");
  w.StartArray();
  for (std::size_t index : t.tactic_indices) {
    const atlas::Tactic& tactic = catalog.tactics()[index];
    w.StartObject();
    w.Key("id");
    put(w, tactic.id);
    w.Key("name");
    put(w, tactic.name);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void put_evidence_fields(JsonWriter& w, const EvidenceEvent& e, const FieldPlan& plan, const Redactor* r) {
  w.StartObject();
  for (const EvidenceField& f : e.fields) put_field_value(w, plan, f, r);
  w.EndObject();
}

void put_evidence_event(JsonWriter& w, const EvidenceEvent& e, const AlertContext& c, const std::string& id,
                        const Redactor* r) {
  const FieldPlan::WellKnown& wk = c.plan->well_known();
  w.StartObject();
  w.Key("event.id");
  put_event_text(w, id, r);
  w.Key("kind");
  put(w, kind_name(e.event->kind()));
  w.Key("time");
  put_time(w, e.event->time_ns());
  put_text_field(w, "trace.id", *e.event, wk.trace_id, r);
  put_text_field(w, "span.id", *e.event, wk.span_id, r);
  w.Key("source");
  put_source(w, e.event->position(), *c.sources);
  w.Key("fields");
  put_evidence_fields(w, e, *c.plan, r);
  w.EndObject();
}

void put_explanation(JsonWriter& w, const Explanation& e, const FieldPlan& plan, const Redactor* r) {
  auto parts = [&](const char* key, const std::vector<Explanation::Part>& list) {
    w.Key(key);
    w.StartArray();
    for (const Explanation::Part& part : list) {
      w.StartObject();
      w.Key("name");
      put(w, part.name);
      w.Key("matched");
      w.Bool(part.matched);
      w.Key("fields");
      w.StartObject();
      for (const EvidenceField& f : part.fields) put_field_value(w, plan, f, r);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  };
  w.StartObject();
  parts("selections", e.selections);
  parts("exceptions", e.exceptions);
  w.EndObject();
}

void put_extras(JsonWriter& w, const AlertExtras& extras, const FieldPlan& plan,
                std::span<const EvidenceEvent> evidence, const Redactor* r) {
  if (extras.explanation) {
    w.Key("explain");
    put_explanation(w, *extras.explanation, plan, r);
  }
  if (!extras.values.empty()) {
    w.Key("aggregates");
    w.StartObject();
    for (const auto& [name, value] : extras.values) {
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      if (std::isfinite(value)) w.Double(value);
      else w.Null();
    }
    w.EndObject();
  }
  if (extras.contributing_events != 0) {
    w.Key("contributing_events");
    w.Uint64(extras.contributing_events);
  }
  if (!extras.sequence.empty()) {
    w.Key("sequence");
    w.StartObject();
    w.Key("steps");
    put(w, extras.sequence);
    w.Key("bindings");
    w.StartObject();
    std::vector<const Event*> events;
    if (r)
      for (const EvidenceEvent& e : evidence) events.push_back(e.event);
    for (const auto& [name, value] : extras.bindings) {
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      if (r) put(w, redact_binding(value, events, plan, *r));
      else put(w, value);
    }
    w.EndObject();
    w.EndObject();
  }
}

void write_native(JsonWriter& w, const AlertContext& c, const RuleInfo& rule, std::string_view message,
                  std::span<const EvidenceEvent> evidence, const std::string& id,
                  const std::vector<std::string>& event_ids, const AlertExtras* extras, const Redactor* r) {
  const FieldPlan::WellKnown& wk = c.plan->well_known();
  const Event& first = *evidence[extras && extras->primary < evidence.size() ? extras->primary : 0].event;
  w.StartObject();
  w.Key("alert_id");
  put(w, id);
  w.Key("time");
  put_time(w, first.time_ns());
  w.Key("detected_at");
  put_time(w, c.detected_at_ns);
  w.Key("rule");
  w.StartObject();
  w.Key("id");
  put(w, rule.id);
  w.Key("title");
  put(w, rule.title);
  w.Key("severity");
  put(w, severity_name(rule.severity));
  w.Key("tags");
  w.StartArray();
  for (const std::string& tag : rule.tags) put(w, tag);
  w.EndArray();
  w.EndObject();
  w.Key("message");
  put(w, message);
  w.Key("session");
  w.StartObject();
  put_text_field(w, "id", first, wk.session_id, r);
  w.EndObject();
  w.Key("user");
  w.StartObject();
  put_text_field(w, "id", first, wk.user_id, r);
  w.EndObject();
  w.Key("service");
  w.StartObject();
  put_text_field(w, "name", first, wk.service_name, r);
  w.EndObject();
  w.Key("atlas");
  w.StartArray();
  for (const atlas::Technique* t : rule.atlas) put_atlas_technique(w, *t);
  w.EndArray();
  w.Key("atlas_version");
  put(w, c.atlas_version);
  w.Key("evidence");
  w.StartArray();
  for (std::size_t i = 0; i < evidence.size(); ++i) put_evidence_event(w, evidence[i], c, event_ids[i], r);
  w.EndArray();
  w.Key("trace_ids");
  w.StartArray();
  for (std::string_view trace : distinct_trace_ids(evidence, wk.trace_id)) put_event_text(w, trace, r);
  w.EndArray();
  if (extras) put_extras(w, *extras, *c.plan, evidence, r);
  w.EndObject();
}

// OCSF 1.1.0 Detection Finding; the mapping is documented in docs/alerts.md.
int ocsf_severity_id(Severity s) {
  switch (s) {
    case Severity::informational: return 1;
    case Severity::low: return 2;
    case Severity::medium: return 3;
    case Severity::high: return 4;
    case Severity::critical: return 5;
  }
  return 0;
}

void put_uid_name(JsonWriter& w, std::string_view key, std::string_view uid, std::string_view name) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartObject();
  w.Key("uid");
  put(w, uid);
  w.Key("name");
  put(w, name);
  w.EndObject();
}

void write_ocsf(JsonWriter& w, const AlertContext& c, const RuleInfo& rule, std::string_view message,
                std::span<const EvidenceEvent> evidence, const std::string& id,
                const std::vector<std::string>& event_ids, const AlertExtras* extras, const Redactor* r) {
  const FieldPlan::WellKnown& wk = c.plan->well_known();
  const Event& first = *evidence[extras && extras->primary < evidence.size() ? extras->primary : 0].event;
  const auto& catalog = atlas::AtlasCatalog::builtin();
  std::vector<std::string_view> traces = distinct_trace_ids(evidence, wk.trace_id);
  w.StartObject();
  w.Key("class_uid");
  w.Int(2004);
  w.Key("class_name");
  put(w, "Detection Finding");
  w.Key("category_uid");
  w.Int(2);
  w.Key("category_name");
  put(w, "Findings");
  w.Key("activity_id");
  w.Int(1);
  w.Key("activity_name");
  put(w, "Create");
  w.Key("type_uid");
  w.Int(200401);
  w.Key("severity_id");
  w.Int(ocsf_severity_id(rule.severity));
  w.Key("severity");
  std::string severity(severity_name(rule.severity));
  severity[0] = static_cast<char>(severity[0] - 'a' + 'A');
  put(w, severity);
  w.Key("status_id");
  w.Int(1);
  w.Key("status");
  put(w, "New");
  w.Key("time");
  w.Int64(first.time_ns() / 1'000'000);
  w.Key("message");
  put(w, message);
  w.Key("metadata");
  w.StartObject();
  w.Key("version");
  put(w, "1.1.0");
  w.Key("uid");
  put(w, id);
  w.Key("product");
  w.StartObject();
  w.Key("name");
  put(w, "Sigil");
  w.Key("vendor_name");
  put(w, "Sigil");
  w.EndObject();
  w.Key("correlation_uid");
  if (traces.empty()) w.Null();
  else put_event_text(w, traces.front(), r);
  w.EndObject();
  w.Key("finding_info");
  w.StartObject();
  w.Key("uid");
  put(w, id);
  w.Key("title");
  put(w, rule.title);
  w.Key("created_time");
  w.Int64(c.detected_at_ns / 1'000'000);
  w.Key("analytic");
  w.StartObject();
  w.Key("uid");
  put(w, rule.id);
  w.Key("name");
  put(w, rule.title);
  w.Key("type_id");
  w.Int(1);
  w.Key("type");
  put(w, "Rule");
  w.EndObject();
  w.Key("attacks");
  w.StartArray();
  for (const atlas::Technique* t : rule.atlas) {
    const atlas::Technique* top = t->is_sub_technique() ? catalog.find(t->parent_id) : t;
    for (std::size_t index : t->tactic_indices) {
      w.StartObject();
      put_uid_name(w, "tactic", catalog.tactics()[index].id, catalog.tactics()[index].name);
      put_uid_name(w, "technique", top->id, top->name);
      if (t->is_sub_technique()) put_uid_name(w, "sub_technique", t->id, t->display_name);
      w.Key("version");
      put(w, c.atlas_version);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("related_events");
  w.StartArray();
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    w.StartObject();
    w.Key("uid");
    put_event_text(w, event_ids[i], r);
    w.Key("type");
    put(w, kind_name(evidence[i].event->kind()));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("actor");
  w.StartObject();
  w.Key("user");
  w.StartObject();
  put_text_field(w, "uid", first, wk.user_id, r);
  w.EndObject();
  w.Key("session");
  w.StartObject();
  put_text_field(w, "uid", first, wk.session_id, r);
  w.EndObject();
  w.EndObject();
  w.Key("evidences");
  w.StartArray();
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    w.StartObject();
    w.Key("data");
    put_evidence_event(w, evidence[i], c, event_ids[i], r);
    w.EndObject();
  }
  w.EndArray();
  w.Key("unmapped");
  w.StartObject();
  put_text_field(w, "service.name", first, wk.service_name, r);
  w.Key("trace_ids");
  w.StartArray();
  for (std::string_view trace : traces) put_event_text(w, trace, r);
  w.EndArray();
  if (extras) put_extras(w, *extras, *c.plan, evidence, r);
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string event_id(const Event& event, const FieldPlan& plan, const SourceTable& sources) {
  std::string_view explicit_id = event.text(plan.well_known().event_id);
  if (!explicit_id.empty()) return std::string(explicit_id);
  const SourcePosition& p = event.position();
  const SourceTable::Entry& source = sources.at(p.source);
  if (source.type == SourceTable::Type::file) return fmt::format("{}:{}", source.name, p.offset);
  return fmt::format("{}/{}/{}", source.name, p.partition, p.offset);
}

std::string alert_id(std::string_view rule_id, std::span<const std::string> event_ids) {
  Sha256 hash;
  hash.update(rule_id);
  for (const std::string& id : event_ids) {
    hash.update(std::string_view("\0", 1));  // separator: ("ab","c") and ("a","bc") differ
    hash.update(id);
  }
  auto digest = hash.finish();
  std::string hex;
  hex.reserve(32);
  for (std::size_t i = 0; i < 16; ++i) fmt::format_to(std::back_inserter(hex), "{:02x}", digest[i]);
  return hex;
}

void render_message(std::string& out, const OutputTemplate& output, const Event& event) {
  render_output(out, output, event, [](std::string& text, FieldId, const Value& v) { append_value_text(text, v); });
}

void append_alert(std::string& out, const AlertContext& context, const RuleInfo& rule, std::string_view message,
                  std::span<const EvidenceEvent> evidence, const AlertExtras* extras) {
  std::vector<std::string> event_ids;
  event_ids.reserve(evidence.size());
  for (const EvidenceEvent& e : evidence) event_ids.push_back(event_id(*e.event, *context.plan, *context.sources));
  std::string id = alert_id(rule.id, event_ids);  // of the unmasked ids: redaction keeps alert ids

  const Redactor* r = context.redactor;
  std::string redacted_message;
  if (r) {
    const Event& primary = *evidence[extras && extras->primary < evidence.size() ? extras->primary : 0].event;
    if (rule.output.segments.empty()) r->mask_secrets(message, redacted_message);
    else render_redacted_message(redacted_message, rule.output, primary, *context.plan, *r);
    message = redacted_message;
  }

  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  if (context.format == AlertFormat::ocsf) write_ocsf(writer, context, rule, message, evidence, id, event_ids, extras, r);
  else write_native(writer, context, rule, message, evidence, id, event_ids, extras, r);
  out.append(buffer.GetString(), buffer.GetSize());
  out.push_back('\n');
}

}  // namespace sigil
