#include "engine/run/pipeline.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "atlas/atlas_catalog.hpp"
#include <fmt/format.h>

#include "engine/ingest/dead_letter.hpp"
#include "engine/state/suppressor.hpp"
#include "engine/run/batch.hpp"

namespace sigil {
namespace {

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

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
  // One suppressor per rule with `suppress`, fed in output order. Keys are never expired by time
  // (that would make the "suppressed: N" of an alert depend on where batches end); each
  // suppressor's key cap bounds the memory, evicting the key whose period ended first.
  std::vector<std::unique_ptr<state::Suppressor>> suppressors(rules_ ? rules_->rules.size() : 0);
  for (std::size_t r = 0; r < suppressors.size(); ++r)
    if (rules_->rules[r].suppress) suppressors[r] = std::make_unique<state::Suppressor>();
  run_detail::StageContext context;
  context.sources = &sources_;
  context.plan = &plan_;
  context.alerts =
      AlertContext{&plan_, &sources_, 0, format_, atlas::AtlasCatalog::builtin().version(), options_.redactor};
  context.explain = options_.explain;
  context.rules = rules_;
  context.keyed = keyed_;
  context.shards = keyed_ ? keyed_->shard_count() : 0;
  bool exhausted = false;
  std::string ordered_alerts;
  std::vector<run_detail::OrderedAlert> ordered;
  std::int64_t max_event_time = std::numeric_limits<std::int64_t>::min();
  std::int64_t wall_at_max_event = 0;  // wall clock when max_event_time was seen (idle timers)
  const std::int64_t lateness = options_.lateness_ns;
  auto watermark = [&] {
    return max_event_time == std::numeric_limits<std::int64_t>::min() ? max_event_time : max_event_time - lateness;
  };

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

  // Batches arrive in input order. First, serially, event time: the watermark before each event
  // and whether the event is late for the keyed stage; then the shards run in parallel, each over
  // its work in input order, and fire what the batch's final watermark made due.
  auto keyed_stage = [&](Batch* batch) -> Batch* {
    if (!keyed_) return batch;
    const std::size_t n = batch->raw.records.size();
    if (n == 0) {
      // The source is idle (a streaming source returns empty batches while it waits): event
      // time would stand still and leave windows and absence spans open, so the watermark moves
      // on with the wall clock since the newest event arrived.
      if (max_event_time == std::numeric_limits<std::int64_t>::min()) return batch;
      std::int64_t idle = wall_clock_ns() - wall_at_max_event;
      if (idle <= 0) return batch;
      const std::int64_t idle_watermark = watermark() + idle;
      oneapi::tbb::parallel_for(std::size_t{0}, context.shards, [&](std::size_t shard) {
        keyed_->advance(shard, idle_watermark, 0, batch->keyed_alerts[shard]);
      });
      return batch;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!batch->accepted[i]) continue;
      std::int64_t t = batch->events[i].time_ns();
      if (batch->has_keyed_work[i] && t < watermark()) {
        batch->late[i] = 1;
        ++stats.late;
        Rejection late{RejectReason::late,
                       fmt::format("event time is {} ms behind the watermark (allowed lateness {} ms)",
                                   (watermark() - t) / 1'000'000, lateness / 1'000'000)};
        ++batch->rejected[static_cast<std::size_t>(RejectReason::late)];
        append_dead_letter(batch->dead_letters, sources_, batch->raw.records[i], batch->raw.record_bytes(batch->raw.records[i]),
                           late);
      }
      if (t > max_event_time) {
        max_event_time = t;
        wall_at_max_event = wall_clock_ns();
      }
    }
    const std::int64_t batch_watermark = watermark();
    BatchView view{std::span<const Event>(batch->events.data(), n), batch->routed.fields};
    oneapi::tbb::parallel_for(std::size_t{0}, context.shards, [&](std::size_t shard) {
      std::vector<KeyedWork>& work = batch->routed.per_shard[shard];
      std::erase_if(work, [&](const KeyedWork& w) { return batch->late[w.event_index] != 0; });
      KeyedAlerts& out = batch->keyed_alerts[shard];
      if (!work.empty()) keyed_->process(shard, view, work, out);
      keyed_->advance(shard, batch_watermark, n, out);
    });
    return batch;
  };

  // Suppression happens here, in output order, so it is the same whatever the thread count.
  auto emit = [&](const std::vector<run_detail::OrderedAlert>& list) {
    ordered_alerts.clear();
    for (const run_detail::OrderedAlert& a : list) {
      std::uint64_t suppressed = 0;
      if (a.rule < suppressors.size() && suppressors[a.rule]) {
        state::Suppressor::Decision d =
            suppressors[a.rule]->offer(a.suppress_key, a.time_ns, rules_->rules[a.rule].suppress->length);
        if (!d.emit) {
          ++stats.suppressed;
          continue;
        }
        suppressed = d.suppressed;
      }
      if (suppressed == 0) {
        ordered_alerts += a.json;
      } else {  // the alert says how many duplicates were held back since the last one
        ordered_alerts += fmt::format("{{\"suppressed\":{},", suppressed);
        ordered_alerts.append(a.json.substr(1));
      }
      ++stats.alerts;
      if (a.rule < stats.alerts_by_rule.size()) ++stats.alerts_by_rule[a.rule];
    }
    if (alerts && !ordered_alerts.empty()) alerts->write_alerts(ordered_alerts);
  };

  auto output_stage = [&](Batch* batch) {
    stats.records += batch->raw.records.size();
    stats.accepted += batch->accepted_count;
    stats.blank_lines += batch->raw.blank_lines;
    for (const RawRecord& r : batch->raw.records) stats.bytes += r.original_length;
    for (std::size_t i = 0; i < kRejectReasonCount; ++i) stats.rejected[i] += batch->rejected[i];
    if (!batch->dead_letters.empty()) rejects.write_dead_letters(batch->dead_letters);
    run_detail::alerts_in_order(*batch, ordered);
    emit(ordered);
    if (listener_) listener_->batch_done(batch->raw);
    free_batches.push(batch);
    if (progress) progress(stats);
  };

  oneapi::tbb::parallel_pipeline(
      in_flight,
      oneapi::tbb::make_filter<void, Batch*>(oneapi::tbb::filter_mode::serial_in_order, read_stage) &
          oneapi::tbb::make_filter<Batch*, Batch*>(oneapi::tbb::filter_mode::parallel, normalize_stage) &
          oneapi::tbb::make_filter<Batch*, Batch*>(oneapi::tbb::filter_mode::serial_in_order, keyed_stage) &
          oneapi::tbb::make_filter<Batch*, void>(oneapi::tbb::filter_mode::serial_in_order, output_stage));
  if (keyed_ && options_.finish_keyed_at_end) {
    KeyedAlerts last;
    keyed_->finish(last);
    ordered.clear();
    for (const KeyedAlerts::Alert& a : last.alerts) ordered.push_back({a.rule, a.time_ns, a.suppress_key, a.json});
    emit(ordered);
  }
  return stats;
}

}  // namespace sigil
