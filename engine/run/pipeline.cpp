#include "engine/run/pipeline.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "atlas/atlas_catalog.hpp"
#include "engine/run/batch.hpp"

namespace sigil {

using run_detail::Batch;
using run_detail::Worker;

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
  run_detail::StageContext context;
  context.sources = &sources_;
  context.plan = &plan_;
  context.alerts = AlertContext{&plan_, &sources_, 0, format_, atlas::AtlasCatalog::builtin().version()};
  context.explain = options_.explain;
  context.shards = keyed_ ? keyed_->shard_count() : 0;
  bool exhausted = false;
  std::string ordered_alerts;
  std::vector<std::uint32_t> fired;

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
    run_detail::normalize_and_evaluate(*batch, workers.local(), context);
    return batch;
  };

  // Batches arrive in input order; the shards of one batch run in parallel, each in order.
  auto keyed_stage = [&](Batch* batch) -> Batch* {
    if (!keyed_) return batch;
    oneapi::tbb::parallel_for(std::size_t{0}, context.shards, [&](std::size_t shard) {
      for (std::uint32_t i : batch->shard_events[shard])
        keyed_->process(shard, batch->events[i], i, batch->keyed_alerts[shard]);
    });
    return batch;
  };

  auto output_stage = [&](Batch* batch) {
    stats.records += batch->raw.records.size();
    stats.accepted += batch->accepted_count;
    stats.blank_lines += batch->raw.blank_lines;
    for (const RawRecord& r : batch->raw.records) stats.bytes += r.original_length;
    for (std::size_t i = 0; i < kRejectReasonCount; ++i) stats.rejected[i] += batch->rejected[i];
    if (!batch->dead_letters.empty()) rejects.write_dead_letters(batch->dead_letters);
    ordered_alerts.clear();
    fired.clear();
    run_detail::write_alerts_in_order(*batch, ordered_alerts, fired);
    stats.alerts += fired.size();
    for (std::uint32_t rule : fired) ++stats.alerts_by_rule[rule];
    if (alerts && !ordered_alerts.empty()) alerts->write_alerts(ordered_alerts);
    free_batches.push(batch);
    if (progress) progress(stats);
  };

  oneapi::tbb::parallel_pipeline(
      in_flight,
      oneapi::tbb::make_filter<void, Batch*>(oneapi::tbb::filter_mode::serial_in_order, read_stage) &
          oneapi::tbb::make_filter<Batch*, Batch*>(oneapi::tbb::filter_mode::parallel, normalize_stage) &
          oneapi::tbb::make_filter<Batch*, Batch*>(oneapi::tbb::filter_mode::serial_in_order, keyed_stage) &
          oneapi::tbb::make_filter<Batch*, void>(oneapi::tbb::filter_mode::serial_in_order, output_stage));
  if (keyed_) {
    KeyedAlerts last;
    keyed_->finish(last);
    ordered_alerts.clear();
    for (const KeyedAlerts::Alert& a : last.alerts) {
      ordered_alerts += a.json;
      ++stats.alerts;
      ++stats.alerts_by_rule[a.rule];
    }
    if (alerts && !ordered_alerts.empty()) alerts->write_alerts(ordered_alerts);
  }
  return stats;
}

}  // namespace sigil
