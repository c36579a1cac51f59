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
    if (context.explain) explanation = evaluator.explain(rule);
    std::size_t begin = batch.alerts.size();
    append_alert(batch.alerts, now, info, worker.message, std::span(&evidence, 1),
                 explanation ? &*explanation : nullptr);
    batch.alert_spans.push_back({event_index, rule, begin, batch.alerts.size()});
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
  shard_events.resize(shards);
  for (auto& s : shard_events) s.clear();
  keyed_alerts.resize(shards);
  for (auto& k : keyed_alerts) k.clear();
}

void normalize_and_evaluate(Batch& batch, Worker& worker, const StageContext& context) {
  const RawBatch& raw = batch.raw;
  std::size_t n = raw.records.size();
  batch.reset(n, context.shards);
  const FieldId session_field = context.plan->well_known().session_id;
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
    if (context.shards != 0)
      batch.shard_events[shard_of(event.text(session_field), context.shards)].push_back(static_cast<std::uint32_t>(i));
  }
}

void write_alerts_in_order(Batch& batch, std::string& out, std::vector<std::uint32_t>& fired) {
  std::vector<const KeyedAlerts::Alert*> keyed;
  for (const KeyedAlerts& shard : batch.keyed_alerts)
    for (const KeyedAlerts::Alert& a : shard.alerts) keyed.push_back(&a);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto* a, const auto* b) { return a->event_index < b->event_index; });

  std::size_t k = 0;
  for (const Batch::AlertSpan& span : batch.alert_spans) {
    for (; k < keyed.size() && keyed[k]->event_index < span.event_index; ++k) {
      out += keyed[k]->json;
      fired.push_back(keyed[k]->rule);
    }
    out.append(batch.alerts, span.begin, span.end - span.begin);
    fired.push_back(span.rule);
  }
  for (; k < keyed.size(); ++k) {
    out += keyed[k]->json;
    fired.push_back(keyed[k]->rule);
  }
}

}  // namespace sigil::run_detail
