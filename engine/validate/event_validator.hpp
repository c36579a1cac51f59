#pragma once
// Full validation of telemetry events against the embedded JSON Schemas (schemas/), for
// `sigil validate` and tests. Stricter than the run-time normalizer: enumerations, formats
// (time, ids, schema_version) and ranges (0..1 scores) are checked here only.
//
// Steps per event: size limit, JSON syntax (byte offset and RapidJSON's message), nesting depth,
// flat dotted keys ("user.id") folded into nested objects (a field given both ways is a
// duplicate), then the envelope schema, then the schema of the event's kind.
//
// Reports: every error found, each as a JSON pointer into the NESTED form of the event
// ("/retrieval/documents/0/score"; "" is the whole event) and a human message. RapidJSON's
// schema validator stops at the first error, so the validator repairs what it reported (replaces
// the bad value with a valid placeholder, or drops it) and validates again, up to a bound; a
// second error on an already reported pointer is not reported.
//
// Thread safety: an EventValidator is immutable after construction and may be shared by
// threads; validate() keeps all its state on the stack. Build it once (it parses the schemas).

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event/field_catalog.hpp"

namespace sigil {

struct ValidationError {
  std::string pointer;  // JSON pointer into the nested event, e.g. /retrieval/documents/0/score
  std::string message;  // e.g. "expected number, got string", "missing required field user.id"
};

struct LineError {
  std::size_t line = 0;  // 1-based line number in the file
  ValidationError error;
};

struct ValidatorLimits {  // the run-time defaults (NormalizerLimits): over them, dead letter
  std::size_t max_event_bytes = 1u << 20;
  std::size_t max_depth = 64;
};

class EventValidator {
 public:
  // From the schemas compiled into the binary.
  EventValidator();
  // From given schema documents: one named "envelope" and one per kind. Throws
  // std::runtime_error naming a schema that is not valid JSON.
  explicit EventValidator(std::span<const EmbeddedSchema> schemas, ValidatorLimits limits = {});
  ~EventValidator();
  EventValidator(EventValidator&&) noexcept;
  EventValidator& operator=(EventValidator&&) noexcept;

  // All errors of one event (one JSON Lines line, without the newline); empty when valid.
  std::vector<ValidationError> validate(std::string_view json_line) const;

  // Validates every line of a JSON Lines file. Blank lines are skipped; a trailing '\r' is
  // dropped. Throws std::runtime_error when the file cannot be read.
  std::vector<LineError> validate_file(const std::string& path) const;

 private:
  struct Schemas;
  std::unique_ptr<const Schemas> schemas_;
  ValidatorLimits limits_;
};

}  // namespace sigil
