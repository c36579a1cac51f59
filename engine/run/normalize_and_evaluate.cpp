#include <algorithm>
#include <chrono>
#include <cstring>

#include "engine/ingest/dead_letter.hpp"
#include "engine/run/batch.hpp"

namespace sigil::run_detail {
namespace {

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs the stateless rules on one event and renders an alert for each that fires.
void evaluate(Worker& worker, const Event& event, std::uint32_t event_index, Batch& batch,
              const StageContext& context) {
  eval::Evaluator& evaluator = *worker.evaluator;
  evaluator.evaluate(event, [&](std::uint32_t rule) {
    const eval::RuleGraph& graph = evaluator.graph();
    const RuleInfo& info = graph.rules[rule].info;
    evaluator.evidence(rule, worker.evidence_fields);
    worker.message.clear();
    render_message(worker.message, info.output, event);
    EvidenceEvent evidence{&event, worker.evidence_fields};
    AlertContext now = context.alerts;
    now.detected_at_ns = wall_clock_ns();
    std::optional<Explanation> explanation;
    AlertExtras extras;
    if (context.explain) {
      explanation = evaluator.explain(rule);
      extras.explanation = &*explanation;
    }
    std::size_t begin = batch.alerts.size();
    append_alert(batch.alerts, now, info, worker.message, std::span(&evidence, 1),
                 context.explain ? &extras : nullptr);
    const auto& suppress = graph.rules[rule].suppress;
    std::uint64_t suppress_key = suppress ? key_hash(event, suppress->key.fields) : 0;
    batch.alert_spans.push_back({event_index, rule, event.time_ns(), suppress_key, begin, batch.alerts.size()});
  });
}

}  // namespace

void Batch::reset(std::size_t records, std::size_t shards) {
  scratch.resize(raw.bytes.size() + records);
  if (events.size() < records) events.resize(records);
  accepted.assign(records, false);
  dead_letters.clear();
  rejected.fill(0);
  accepted_count = 0;
  alerts.clear();
  alert_spans.clear();
  routed.reset(shards);
  has_keyed_work.assign(records, 0);
  late.assign(records, 0);
  keyed_alerts.resize(shards);
  for (auto& k : keyed_alerts) k.clear();
}

void normalize_and_evaluate(Batch& batch, Worker& worker, const StageContext& context) {
  const RawBatch& raw = batch.raw;
  std::size_t n = raw.records.size();
  batch.reset(n, context.shards);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const RawRecord& record = raw.records[i];
    char* scratch = batch.scratch.data() + pos;
    std::memcpy(scratch, raw.bytes.data() + record.offset, record.length);
    scratch[record.length] = '\0';
    pos += record.length + 1;
    Event& event = batch.events[i];
    if (!worker.normalizer.normalize(raw, record, scratch, event, worker.rejection)) {
      ++batch.rejected[static_cast<std::size_t>(worker.rejection.reason)];
      append_dead_letter(batch.dead_letters, *context.sources, record, raw.record_bytes(record), worker.rejection);
      continue;
    }
    batch.accepted[i] = true;
    ++batch.accepted_count;
    if (worker.evaluator) evaluate(worker, event, static_cast<std::uint32_t>(i), batch, context);
    if (context.keyed)
      batch.has_keyed_work[i] = context.keyed->route(event, static_cast<std::uint32_t>(i),
                                                     worker.evaluator ? &*worker.evaluator : nullptr, batch.routed);
  }
}

void alerts_in_order(const Batch& batch, std::vector<OrderedAlert>& out) {
  out.clear();
  std::vector<const KeyedAlerts::Alert*> keyed;
  for (const KeyedAlerts& shard : batch.keyed_alerts)
    for (const KeyedAlerts::Alert& a : shard.alerts) keyed.push_back(&a);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto* a, const auto* b) { return a->event_index < b->event_index; });

  std::size_t k = 0;
  auto keyed_alert = [&](const KeyedAlerts::Alert& a) { out.push_back({a.rule, a.time_ns, a.suppress_key, a.json}); };
  for (const Batch::AlertSpan& span : batch.alert_spans) {
    for (; k < keyed.size() && keyed[k]->event_index < span.event_index; ++k) keyed_alert(*keyed[k]);
    out.push_back({span.rule, span.time_ns, span.suppress_key,
                   std::string_view(batch.alerts).substr(span.begin, span.end - span.begin)});
  }
  for (; k < keyed.size(); ++k) keyed_alert(*keyed[k]);
}

}  // namespace sigil::run_detail
