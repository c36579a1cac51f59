#pragma once
// What flows through the pipeline: one batch of records and everything computed from it.
// Batches are recycled, so their buffers keep their capacity across the run and the hot path
// does not allocate once they have warmed up. Private to engine/run.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/ingest/raw_batch.hpp"
#include "engine/ingest/reject_reason.hpp"
#include "engine/run/key_hash.hpp"
#include "engine/run/keyed_processor.hpp"

namespace sigil::run_detail {

struct Batch {
  RawBatch raw;
  std::string scratch;           // NUL-separated copy of the records, parsed in situ
  std::vector<Event> events;     // one per record; valid where accepted[i]
  std::vector<bool> accepted;
  std::string dead_letters;      // rendered dead-letter records of this batch
  std::array<std::uint32_t, kRejectReasonCount> rejected{};
  std::uint64_t accepted_count = 0;

  // Stateless alerts, rendered in input order; spans say which event raised each.
  struct AlertSpan {
    std::uint32_t event_index;
    std::uint32_t rule;
    std::int64_t time_ns;        // event time, for suppression
    std::uint64_t suppress_key;  // hash of the rule's suppression key values
    std::size_t begin, end;      // into `alerts`
  };
  std::string alerts;
  std::vector<AlertSpan> alert_spans;

  // The keyed stage: work per shard (input order), which events sent work, and the alerts each
  // shard raised.
  RoutedWork routed;
  std::vector<std::uint8_t> has_keyed_work;
  std::vector<std::uint8_t> late;
  std::vector<KeyedAlerts> keyed_alerts;

  void reset(std::size_t records, std::size_t shards);
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
  Rejection rejection;
};

struct StageContext {
  const SourceTable* sources = nullptr;
  const FieldPlan* plan = nullptr;
  const eval::RuleGraph* rules = nullptr;
  AlertContext alerts;
  bool explain = false;
  const KeyedProcessor* keyed = nullptr;
  std::size_t shards = 0;  // 0: no keyed stage
};

// An alert, written or held back, in output order.
struct OrderedAlert {
  std::uint32_t rule;
  std::int64_t time_ns;
  std::uint64_t suppress_key;
  std::string_view json;
};

// The parallel stage: normalize every record, run the stateless rules, render their alerts,
// and sort accepted events into shards.
void normalize_and_evaluate(Batch& batch, Worker& worker, const StageContext& context);

// The batch's alerts, stateless and keyed, in input order (for one event: stateless first, then
// keyed in shard order; alerts raised at the end of the batch last).
void alerts_in_order(const Batch& batch, std::vector<OrderedAlert>& out);


}  // namespace sigil::run_detail
