#pragma once
// The run pipeline:
//   source -> parse/normalize + stateless rules + alert rendering (parallel, one batch per task)
//          -> keyed stage (per-session state, sharded by session.id; keyed_processor.hpp)
//          -> ordered output (alerts in input order, dead letters, counters)
// Built on oneTBB's parallel_pipeline rather than a flow graph: the work is a linear chain of
// stages over batches, which is exactly what parallel_pipeline schedules (with in-order serial
// stages and a token limit), while a flow graph would need hand-made ordering and throttling.
// The serial in-order output stage sees batches in input order, so every output is
// deterministic whatever the thread count. At most `batches_in_flight` batches exist at once
// (back-pressure: the reader waits), so memory is bounded under any input rate.
//
// Call order: construct, run() once. run() blocks until the source is exhausted.

#include <array>
#include <cstdint>
#include <functional>

#include "engine/alert/alert_writer.hpp"
#include "engine/eval/rule_graph.hpp"
#include "engine/event/source_position.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/ingest/reject_reason.hpp"
#include "engine/ingest/source.hpp"
#include "engine/run/keyed_processor.hpp"

namespace sigil {

struct PipelineOptions {
  std::size_t threads = 0;            // 0: every core
  std::size_t batches_in_flight = 0;  // 0: 2 per thread + 2
  ReadLimits read;
  NormalizerLimits normalize;
  bool explain = false;               // alerts say which selections matched, on which values
  std::int64_t lateness_ns = 30'000'000'000;  // watermark = largest event time seen - lateness
  // At the end of the input, close open windows and absence spans (KeyedProcessor::finish). A
  // stream that is only paused (Kafka: a signal, a rebalance) keeps them open instead.
  bool finish_keyed_at_end = true;
  // Masks the alerts the stateless rules raise (`sigil run --redact`); nullptr: none. Outlives the
  // pipeline. The keyed stage's processor takes its own (StatefulRuntime's constructor).
  const Redactor* redactor = nullptr;
};

struct PipelineStats {
  std::uint64_t records = 0;      // non-blank lines or messages read
  std::uint64_t accepted = 0;     // normalized and evaluated
  std::uint64_t blank_lines = 0;  // skipped: not events
  std::uint64_t bytes = 0;        // bytes of the records
  std::uint64_t alerts = 0;
  std::uint64_t suppressed = 0;   // alerts held back by `suppress`
  std::uint64_t late = 0;         // events behind the watermark (dead-lettered for the keyed stage)
  std::array<std::uint64_t, kRejectReasonCount> rejected{};
  std::vector<std::uint64_t> alerts_by_rule;  // per rule of the graph

  std::uint64_t rejected_total() const;
};

// Where rejected records and alerts go. Called from the serial output stage, in input order.
struct RejectSink {
  virtual ~RejectSink() = default;
  // `dead_letters` holds the batch's dead-letter records, rendered as JSON Lines.
  virtual void write_dead_letters(std::string_view dead_letters) = 0;
};
// Told when a batch has been fully handled: evaluated, and its alerts and dead letters handed to
// their sinks (in input order, from the output stage). A Kafka source uses it to know which
// offsets may be committed once the sinks have confirmed delivery.
struct BatchListener {
  virtual ~BatchListener() = default;
  virtual void batch_done(const RawBatch& batch) = 0;
};

struct AlertSink {
  virtual ~AlertSink() = default;
  // `alerts` holds the batch's alerts, rendered as JSON Lines.
  virtual void write_alerts(std::string_view alerts) = 0;
};

class Pipeline {
 public:
  // Without rules: parse and normalize only. `plan` must be frozen.
  Pipeline(Source& source, const SourceTable& sources, const FieldPlan& plan, PipelineOptions options);
  // With rules: the graph's plan is used, and alerts are rendered in `format`.
  Pipeline(Source& source, const SourceTable& sources, const eval::RuleGraph& rules, AlertFormat format,
           PipelineOptions options);

  // Processes the whole source. `alerts` may be null when there are no rules. `progress` (may be
  // empty) is called from the output stage after each batch with the running totals.
  PipelineStats run(RejectSink& rejects, AlertSink* alerts,
                    const std::function<void(const PipelineStats&)>& progress);

  // Adds the keyed stage (per-session state). Before run(); `processor` outlives the pipeline.
  void set_keyed_processor(KeyedProcessor* processor) { keyed_ = processor; }
  // Before run(); `listener` outlives the pipeline.
  void set_batch_listener(BatchListener* listener) { listener_ = listener; }

 private:
  Source& source_;
  const SourceTable& sources_;
  const FieldPlan& plan_;
  const eval::RuleGraph* rules_ = nullptr;
  AlertFormat format_ = AlertFormat::native;
  KeyedProcessor* keyed_ = nullptr;
  BatchListener* listener_ = nullptr;
  PipelineOptions options_;
};

}  // namespace sigil
