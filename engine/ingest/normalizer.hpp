#pragma once
// Turns one raw record into an Event, or says why it cannot (a Rejection for the dead-letter
// output). RapidJSON SAX parse, in situ, with the plan's trie deciding per key whether a value is
// kept; nothing else of the document is materialized, and nothing is allocated once the
// Normalizer and the Event have warmed up.
//
// Checks, in order: size limit, NUL bytes, JSON syntax and UTF-8 (RapidJSON), nesting depth,
// duplicate fields, kind, schema_version, required fields of the kind, types of contract fields,
// the event time. Enumerations are documented in the schemas but not enforced here, so that a
// producer that adds a new value does not lose events (`sigil validate` enforces them).
//
// Thread safety: a Normalizer holds scratch state; use one per thread. The FieldPlan is shared.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/event/event.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/raw_batch.hpp"
#include "engine/ingest/reject_reason.hpp"

namespace sigil {

struct NormalizerLimits {
  std::size_t max_event_bytes = 1u << 20;  // records larger than this are rejected as too_large
  std::size_t max_depth = 64;              // nesting of objects and arrays
};

struct Rejection {
  RejectReason reason = RejectReason::invalid_json;
  std::string message;       // human readable, names the field or byte offset
  static constexpr std::size_t kUnknownOffset = static_cast<std::size_t>(-1);
  std::size_t byte_offset = kUnknownOffset;  // where in the record the problem was found, when known
};

class Normalizer {
 public:
  Normalizer(const FieldPlan& plan, NormalizerLimits limits);
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Parses `record` of `batch`. `scratch` must hold a copy of the record's bytes followed by a
  // NUL (the in-situ parse writes into it; the event's strings point into it). On success fills
  // `event` and returns true; otherwise fills `rejection` and returns false.
  bool normalize(const RawBatch& batch, const RawRecord& record, char* scratch, Event& event,
                 Rejection& rejection);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace sigil
