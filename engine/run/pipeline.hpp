#pragma once
// The run pipeline: source -> parse/normalize (parallel, one batch per task) -> ordered output.
// Built on oneTBB's parallel_pipeline: the serial input stage reads batches, the parallel stage
// normalizes them, and the serial in-order output stage sees batches in input order, so every
// output is deterministic whatever the thread count. At most `batches_in_flight` batches exist
// at once (back-pressure: the reader waits), so memory is bounded under any input rate.
//
// Call order: construct, run() once. run() blocks until the source is exhausted.

#include <array>
#include <cstdint>
#include <functional>

#include "engine/event/source_position.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/ingest/reject_reason.hpp"
#include "engine/ingest/source.hpp"

namespace sigil {

struct PipelineOptions {
  std::size_t threads = 0;            // 0: every core
  std::size_t batches_in_flight = 0;  // 0: 2 per thread + 2
  ReadLimits read;
  NormalizerLimits normalize;
};

struct PipelineStats {
  std::uint64_t records = 0;      // non-blank lines or messages read
  std::uint64_t accepted = 0;     // normalized and evaluated
  std::uint64_t blank_lines = 0;  // skipped: not events
  std::uint64_t bytes = 0;        // bytes of the records
  std::array<std::uint64_t, kRejectReasonCount> rejected{};

  std::uint64_t rejected_total() const;
};

// Where rejected records go. Called from the serial output stage, in input order.
struct RejectSink {
  virtual ~RejectSink() = default;
  // `dead_letters` holds the batch's dead-letter records, rendered as JSON Lines.
  virtual void write_dead_letters(std::string_view dead_letters) = 0;
};

class Pipeline {
 public:
  Pipeline(Source& source, const SourceTable& sources, const FieldPlan& plan, PipelineOptions options);

  // Processes the whole source. `progress` (may be empty) is called from the output stage after
  // each batch with the running totals.
  PipelineStats run(RejectSink& rejects, const std::function<void(const PipelineStats&)>& progress);

 private:
  Source& source_;
  const SourceTable& sources_;
  const FieldPlan& plan_;
  PipelineOptions options_;
};

}  // namespace sigil
