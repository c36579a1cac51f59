#pragma once
// Renders alerts as JSON (one object per line) with RapidJSON's Writer: every string from an
// event (attacker-controlled prompt text included) is escaped by the writer, never concatenated.
// Formats: native (docs/alerts.md) and OCSF 1.1 Detection Finding (class_uid 2004).
//
// Thread safety: the functions are reentrant; the context is read-only. Events and values must
// outlive the call (they are views into the batch being processed).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/alert/rule_info.hpp"
#include "engine/event/event.hpp"
#include "engine/event/source_position.hpp"
#include "engine/ingest/field_plan.hpp"

namespace sigil {

class Redactor;  // redaction.hpp

enum class AlertFormat { native, ocsf };

// A field a rule's condition looked at, with the value it matched (nullptr: the field was
// absent, which is what matched, e.g. for `not exists`).
struct EvidenceField {
  FieldId field = kNoField;
  const Value* value = nullptr;
};

struct EvidenceEvent {
  const Event* event = nullptr;
  std::vector<EvidenceField> fields;
};

// Why a rule fired, for `sigil run --explain`: each selection and exception of the rule, whether
// it held for the event, and the fields and values that made it hold.
struct Explanation {
  struct Part {
    std::string name;
    bool matched = false;
    std::vector<EvidenceField> fields;
  };
  std::vector<Part> selections;
  std::vector<Part> exceptions;
};

// What a stateful alert adds: the aggregate values that crossed the threshold, how many events
// contributed (the evidence is bounded), a sequence's steps and bound values; and `--explain`.
struct AlertExtras {
  // The evidence event that gives the alert its time, session, user and service: for a window
  // or a sequence, the event that completed it (the last one).
  std::size_t primary = 0;
  const Explanation* explanation = nullptr;
  std::vector<std::pair<std::string, double>> values;
  std::uint64_t contributing_events = 0;  // 0: a single-event alert, not shown
  std::string sequence;                   // "inject -> fetch -> act"; empty: not a sequence
  std::vector<std::pair<std::string, std::string>> bindings;
};

struct AlertContext {
  const FieldPlan* plan = nullptr;
  const SourceTable* sources = nullptr;
  std::int64_t detected_at_ns = 0;  // wall clock of detection
  AlertFormat format = AlertFormat::native;
  std::string_view atlas_version;
  // Masks content and secrets (`sigil run --redact`); nullptr: none.
  const Redactor* redactor = nullptr;
};

// Appends one alert (and a newline). `evidence` is non-empty; its first event (or
// extras->primary) is the one whose time is the alert's time and whose session, user and service
// the alert names. Extras are
// written as "explain", "aggregates", "contributing_events", "sequence" (native; under
// "unmapped" in OCSF).
// With a redactor, every value from an event is masked (redacted_json.hpp) and `message` is
// replaced: rule.output rendered again against the primary event with masked values (callers
// render `message` from that template and event), or, for a rule without a template, `message`
// with secrets masked. The alert id is computed from the unmasked event ids, so it does not change.
void append_alert(std::string& out, const AlertContext& context, const RuleInfo& rule, std::string_view message,
                  std::span<const EvidenceEvent> evidence, const AlertExtras* extras = nullptr);

// Renders an output template against an event; a missing field renders as `<none>`, a field
// with several values as the values joined by ", ".
void render_message(std::string& out, const OutputTemplate& output, const Event& event);

// The event's `event.id`, or one derived from its source position ("file:line",
// "topic/partition/offset") when the producer sent none.
std::string event_id(const Event& event, const FieldPlan& plan, const SourceTable& sources);

// Deterministic id of an alert: hex SHA-256 (first 128 bits) of the rule id and the event ids,
// so re-processing the same events yields the same ids and can be deduplicated downstream.
std::string alert_id(std::string_view rule_id, std::span<const std::string> event_ids);

}  // namespace sigil
