#pragma once
// Writing event values into alert JSON through a Redactor (redaction.hpp): the shapes of masked
// values are documented in docs/alerts.md "Redaction". Internal to engine/alert (alert_writer.cpp
// is the caller); tests call it directly.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <span>
#include <string>
#include <string_view>

#include "engine/alert/redaction.hpp"
#include "engine/alert/rule_info.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/field_plan.hpp"

namespace sigil {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// A value of the field at `path`: a content string or object becomes
// {"redacted":"content","length":N,"sha256":HEX[,"secrets":[{"type","length","sha256"}]]},
// a credential-named field {"redacted":"secret_field","length":N,"sha256":HEX}; other strings
// keep their text with secrets replaced by markers; objects and arrays are rewritten with their
// strings masked the same way (a JSON key named like a credential masks its whole value).
void put_redacted_value(JsonWriter& w, const Redactor& r, std::string_view path, const Value& v);

// A string from an event written outside `fields` (session, user, event ids): secrets masked.
void put_redacted_text(JsonWriter& w, const Redactor& r, std::string_view text);

// The rule's message rendered against `event`, as render_message() does, with content values
// replaced by markers labelled with their path and, then, secrets masked in the whole text.
void render_redacted_message(std::string& out, const OutputTemplate& output, const Event& event,
                             const FieldPlan& plan, const Redactor& r);

// A sequence binding's value: at level all, masked as content when it equals a content value of
// one of the evidence events (a binding has no path); secrets masked in any case.
std::string redact_binding(std::string_view value, std::span<const Event* const> events, const FieldPlan& plan,
                           const Redactor& r);

// Appends a value as render_message() writes it (strings as they are, numbers shortest).
void append_value_text(std::string& out, const Value& v);

// The walk of an output template that render_message() and render_redacted_message() share:
// literals as they are, "<none>" for a field the event lacks, the values of a field joined by
// ", ", each appended by `append_value(out, field, value)`.
template <class AppendValue>
void render_output(std::string& out, const OutputTemplate& output, const Event& event, AppendValue&& append_value) {
  for (const OutputTemplate::Segment& segment : output.segments) {
    if (segment.field == kNoField) {
      out += segment.literal;
      continue;
    }
    auto values = event.values(segment.field);
    if (values.empty()) {
      out += "<none>";
      continue;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out += ", ";
      append_value(out, segment.field, values[i]);
    }
  }
}

}  // namespace sigil
