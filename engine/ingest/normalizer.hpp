#pragma once
// Turns one raw record into an Event, or says why it cannot (a Rejection for the dead-letter
// output). Two parsers, one behaviour (normalizer_impl.hpp): a single-pass fast path that
// validates as it scans and keeps only the fields the plan materializes, and the reference path
// (UTF-8 pre-check, RapidJSON SAX parse in situ) that takes every record the fast path gives up
// on and decides every rejection. Values are views into the scratch copy or the record; nothing
// is allocated once the Normalizer and the Event have warmed up.
//
// Checks, in order: size limit, NUL bytes, UTF-8 and JSON syntax, nesting depth, duplicate
// fields, kind, schema_version, required fields of the kind, types of contract fields, the event
// time. Enumerations are documented in the schemas but not enforced here, so that a
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
  // false: every record goes through the reference parser (RapidJSON), not only those the fast
  // path gives up on. For differential tests and benchmarks; results are the same either way.
  bool fast_path = true;
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

  struct Impl;  // normalizer_impl.hpp, private to engine/ingest

 private:
  Impl* impl_;
};

}  // namespace sigil
