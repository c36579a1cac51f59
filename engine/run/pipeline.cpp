#include "engine/run/pipeline.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <chrono>

#include "atlas/atlas_catalog.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/dead_letter.hpp"

namespace sigil {
namespace {

// One unit of work: records read together, normalized by one task, emitted together.
// Batches are recycled, so their buffers keep their capacity across the run.
struct Batch {
  RawBatch raw;
  std::string scratch;           // NUL-separated copy of the records, parsed in situ
  std::vector<Event> events;     // one per record; valid where accepted[i]
  std::vector<bool> accepted;
  std::string dead_letters;      // rendered dead-letter records of this batch
  std::array<std::uint32_t, kRejectReasonCount> rejected{};
  std::uint64_t accepted_count = 0;
  std::string alerts;                // rendered alerts of this batch, in input order
  std::vector<std::uint32_t> fired;  // rule index of each alert
};

// What one worker thread keeps between batches: its normalizer, evaluator and scratch.
struct Worker {
  Worker(const FieldPlan& plan, const eval::RuleGraph* rules, NormalizerLimits limits)
      : normalizer(plan, limits) {
    if (rules) evaluator.emplace(*rules);
  }
  Normalizer normalizer;
  std::optional<eval::Evaluator> evaluator;
  std::vector<EvidenceField> evidence_fields;
  std::string message;
};

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs the stateless rules on one event and renders an alert for each that fires.
void evaluate(Worker& worker, const Event& event, Batch& batch, const AlertContext& context) {
  eval::Evaluator& evaluator = *worker.evaluator;
  const eval::RuleGraph* graph = nullptr;
  evaluator.evaluate(event, [&](std::uint32_t rule) {
    if (!graph) graph = &evaluator.graph();
    const RuleInfo& info = graph->rules[rule].info;
    evaluator.evidence(rule, worker.evidence_fields);
    worker.message.clear();
    render_message(worker.message, info.output, event);
    EvidenceEvent evidence{&event, worker.evidence_fields};
    AlertContext now = context;
    now.detected_at_ns = wall_clock_ns();
    append_alert(batch.alerts, now, info, worker.message, std::span(&evidence, 1));
    batch.fired.push_back(rule);
  });
}

}  // namespace

std::uint64_t PipelineStats::rejected_total() const {
  std::uint64_t total = 0;
  for (auto n : rejected) total += n;
  return total;
}

Pipeline::Pipeline(Source& source, const SourceTable& sources, const FieldPlan& plan, PipelineOptions options)
    : source_(source), sources_(sources), plan_(plan), options_(options) {}

Pipeline::Pipeline(Source& source, const SourceTable& sources, const eval::RuleGraph& rules, AlertFormat format,
                   PipelineOptions options)
    : source_(source), sources_(sources), plan_(*rules.plan), rules_(&rules), format_(format), options_(options) {}

PipelineStats Pipeline::run(RejectSink& rejects, AlertSink* alerts,
                            const std::function<void(const PipelineStats&)>& progress) {
  std::size_t threads = options_.threads ? options_.threads
                                         : static_cast<std::size_t>(oneapi::tbb::info::default_concurrency());
  oneapi::tbb::global_control parallelism(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  std::size_t in_flight = options_.batches_in_flight ? options_.batches_in_flight : 2 * threads + 2;

  std::vector<std::unique_ptr<Batch>> storage;
  oneapi::tbb::concurrent_queue<Batch*> free_batches;
  for (std::size_t i = 0; i < in_flight; ++i) {
    storage.push_back(std::make_unique<Batch>());
    free_batches.push(storage.back().get());
  }

  oneapi::tbb::enumerable_thread_specific<Worker> workers(std::cref(plan_), rules_, options_.normalize);
  PipelineStats stats;
  if (rules_) stats.alerts_by_rule.assign(rules_->rules.size(), 0);
  AlertContext alert_context{&plan_, &sources_, 0, format_, atlas::AtlasCatalog::builtin().version()};
  bool exhausted = false;

  auto read_stage = [&](oneapi::tbb::flow_control& control) -> Batch* {
    Batch* batch = nullptr;
    if (exhausted) {
      control.stop();
      return nullptr;
    }
    // parallel_pipeline never has more items in flight than there are batches, and the output
    // stage returns a batch before its token is released: a free batch always exists here.
    if (!free_batches.try_pop(batch)) throw std::logic_error("pipeline: no free batch");
    if (!source_.read(batch->raw, options_.read)) {
      exhausted = true;
      free_batches.push(batch);
      control.stop();
      return nullptr;
    }
    return batch;
  };

  auto normalize_stage = [&](Batch* batch) -> Batch* {
    Worker& worker = workers.local();
    const RawBatch& raw = batch->raw;
    std::size_t n = raw.records.size();
    batch->scratch.resize(raw.bytes.size() + n);
    if (batch->events.size() < n) batch->events.resize(n);
    batch->accepted.assign(n, false);
    batch->dead_letters.clear();
    batch->rejected.fill(0);
    batch->accepted_count = 0;
    batch->alerts.clear();
    batch->fired.clear();
    std::size_t pos = 0;
    Rejection rejection;
    for (std::size_t i = 0; i < n; ++i) {
      const RawRecord& record = raw.records[i];
      char* scratch = batch->scratch.data() + pos;
      std::memcpy(scratch, raw.bytes.data() + record.offset, record.length);
      scratch[record.length] = '\0';
      pos += record.length + 1;
      if (worker.normalizer.normalize(raw, record, scratch, batch->events[i], rejection)) {
        batch->accepted[i] = true;
        ++batch->accepted_count;
        if (worker.evaluator) evaluate(worker, batch->events[i], *batch, alert_context);
      } else {
        ++batch->rejected[static_cast<std::size_t>(rejection.reason)];
        append_dead_letter(batch->dead_letters, sources_, record, raw.record_bytes(record), rejection);
      }
    }
    return batch;
  };

  auto output_stage = [&](Batch* batch) {
    stats.records += batch->raw.records.size();
    stats.accepted += batch->accepted_count;
    stats.blank_lines += batch->raw.blank_lines;
    for (const RawRecord& r : batch->raw.records) stats.bytes += r.original_length;
    for (std::size_t i = 0; i < kRejectReasonCount; ++i) stats.rejected[i] += batch->rejected[i];
    if (!batch->dead_letters.empty()) rejects.write_dead_letters(batch->dead_letters);
    stats.alerts += batch->fired.size();
    for (std::uint32_t rule : batch->fired) ++stats.alerts_by_rule[rule];
    if (alerts && !batch->alerts.empty()) alerts->write_alerts(batch->alerts);
    free_batches.push(batch);
    if (progress) progress(stats);
  };

  oneapi::tbb::parallel_pipeline(
      in_flight,
      oneapi::tbb::make_filter<void, Batch*>(oneapi::tbb::filter_mode::serial_in_order, read_stage) &
          oneapi::tbb::make_filter<Batch*, Batch*>(oneapi::tbb::filter_mode::parallel, normalize_stage) &
          oneapi::tbb::make_filter<Batch*, void>(oneapi::tbb::filter_mode::serial_in_order, output_stage));
  return stats;
}

}  // namespace sigil
