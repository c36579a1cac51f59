#include "engine/keyed/stateful_runtime.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

#include "atlas/atlas_catalog.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/keyed/new_terms_runner.hpp"
#include "engine/keyed/sequence_runner.hpp"
#include "engine/keyed/window_runner.hpp"
#include "engine/run/key_hash.hpp"

namespace sigil::keyed {
namespace {

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

StatefulRuntime::StatefulRuntime(const eval::RuleGraph& graph, const SourceTable& sources, AlertFormat format,
                                 StateLimits limits, const Redactor* redactor)
    : graph_(graph), sources_(sources), format_(format), redactor_(redactor), limits_(limits) {
  build_runners();
  set_memory_budget(limits_.max_memory_bytes);
}

void StatefulRuntime::set_memory_budget(std::size_t bytes) {
  limits_.max_memory_bytes = bytes;
  shard_budget_ = bytes == 0 ? 0 : std::max<std::size_t>(1, bytes / limits_.shards);
}

void StatefulRuntime::recount(std::size_t shard) {
  std::size_t live = 0;
  for (const auto& runner : shards_[shard]) live += runner->live_bytes();
  shard_bytes_[shard].live = live;
}

// Evicts the least recently active key of the shard (over all its rules) until the shard is
// within its budget, or has no key left.
void StatefulRuntime::enforce_budget(std::size_t shard) {
  auto& runners = shards_[shard];
  std::size_t& live = shard_bytes_[shard].live;
  while (live > shard_budget_) {
    RuleRunner* victim = nullptr;
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
    for (auto& r : runners) {
      const std::int64_t t = r->oldest_activity();
      if (t < oldest || (victim == nullptr && r->keys() > 0)) {
        oldest = t;
        victim = r.get();
      }
    }
    if (victim == nullptr) return;
    const std::size_t before = victim->live_bytes();
    if (!victim->evict_oldest()) return;
    live = live - before + victim->live_bytes();
  }
}

void StatefulRuntime::build_runners() {
  const FieldPlan& plan = *graph_.plan;
  const StateLimits& limits = limits_;
  std::size_t keys_per_shard = std::max<std::size_t>(1, limits.max_keys_per_rule / limits.shards);
  shards_.clear();
  shards_.resize(limits.shards);
  shard_bytes_.assign(limits.shards, ShardBytes{});
  for (auto& runners : shards_) {
    for (const eval::StatefulRule& rule : graph_.stateful) {
      switch (rule.type) {
        case eval::StatefulRule::Type::window:
          runners.push_back(std::make_unique<WindowRunner>(rule, plan, limits.lateness_ns, keys_per_shard));
          break;
        case eval::StatefulRule::Type::new_terms:
          runners.push_back(
              std::make_unique<NewTermsRunner>(rule, plan, limits.max_terms_per_key, keys_per_shard * 16));
          break;
        case eval::StatefulRule::Type::sequence:
          runners.push_back(std::make_unique<SequenceRunner>(rule, plan, limits.lateness_ns, keys_per_shard));
          break;
      }
    }
  }
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) recount(shard);
}

StatefulRuntime::~StatefulRuntime() = default;

bool StatefulRuntime::route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
                            RoutedWork& out) const {
  if (evaluator == nullptr || graph_.triggers[static_cast<std::size_t>(event.kind())].empty()) return false;
  thread_local std::vector<EvidenceField> touched;
  bool any = false;
  evaluator->evaluate_triggers(
      event,
      [&](const eval::Trigger& trigger) {
        const eval::StatefulRule& rule = graph_.stateful[trigger.stateful];
        std::uint64_t key = 0;
        switch (rule.type) {
          case eval::StatefulRule::Type::window: key = run_detail::key_hash(event, rule.window->key.fields); break;
          case eval::StatefulRule::Type::new_terms: key = run_detail::key_hash(event, rule.new_terms->key.fields); break;
          case eval::StatefulRule::Type::sequence: {
            const eval::SequenceSpec& s = *rule.sequence;
            const eval::StepSpec& step = trigger.step < s.steps.size() ? s.steps[trigger.step] : *s.until;
            if (step.key_field) {
              FieldId field = *step.key_field;
              key = run_detail::key_hash(event, std::span(&field, 1));
            } else {
              key = run_detail::key_hash(event, s.key.fields);
            }
            break;
          }
        }
        evaluator->evidence_of_node(trigger.node, touched);
        KeyedWork work{event_index, trigger.stateful, trigger.step, key,
                       static_cast<std::uint32_t>(out.fields.size()), 0};
        for (const EvidenceField& f : touched) out.fields.push_back(f.field);
        for (FieldId f : rule.evidence_fields)
          if (std::none_of(touched.begin(), touched.end(), [&](const EvidenceField& e) { return e.field == f; }))
            out.fields.push_back(f);
        work.fields_count = static_cast<std::uint32_t>(out.fields.size() - work.fields_begin);
        out.add(shard_of(key, limits_.shards), work);
        any = true;
      },
      /*fresh=*/false);
  return any;
}

void StatefulRuntime::process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
                              KeyedAlerts& out) {
  // Work of one event is handled last step first, so that one event never satisfies two
  // consecutive steps of the same sequence instance.
  std::size_t i = 0;
  while (i < work.size()) {
    std::size_t j = i;
    while (j < work.size() && work[j].event_index == work[i].event_index) ++j;
    for (std::size_t k = j; k-- > i;) {
      const KeyedWork& w = work[k];
      const Event& event = batch.events[w.event_index];
      const eval::CompiledRule& compiled = graph_.rules[graph_.stateful[w.task].rule];
      std::uint64_t suppress_key =
          compiled.suppress ? run_detail::key_hash(event, compiled.suppress->key.fields) : 0;
      RunnerInput input{event, w.event_index, w.key, w.step, batch.fields.subspan(w.fields_begin, w.fields_count),
                        suppress_key};
      RuleRunner& runner = *shards_[shard][w.task];
      const std::size_t before = runner.live_bytes();
      runner.process(input, *this, out);
      std::size_t& live = shard_bytes_[shard].live;
      live = live - before + runner.live_bytes();
      if (shard_budget_ != 0 && live > shard_budget_) enforce_budget(shard);
    }
    i = j;
  }
}

void StatefulRuntime::advance(std::size_t shard, std::int64_t watermark_ns, std::uint64_t event_index,
                              KeyedAlerts& out) {
  for (auto& runner : shards_[shard]) runner->advance(watermark_ns, event_index, *this, out);
  recount(shard);
}

void StatefulRuntime::finish(KeyedAlerts& out) {
  for (std::size_t shard = 0; shard < shards_.size(); ++shard)
    for (auto& runner : shards_[shard])
      runner->advance(std::numeric_limits<std::int64_t>::max(), 0, *this, out);
}

void StatefulRuntime::raise(const eval::StatefulRule& rule, const RaisedAlert& alert, KeyedAlerts& out) {
  if (alert.evidence.empty()) {  // a runner bug: counted (StateStats), not rendered
    alerts_without_evidence_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const RuleInfo& info = graph_.rules[rule.rule].info;
  std::vector<StoredEvent::View> views;  // the stored records as events, for rendering
  views.reserve(alert.evidence.size());
  std::vector<EvidenceEvent> evidence;
  for (const StoredEvent* e : alert.evidence) {
    views.push_back(e->view(*graph_.plan));
    evidence.push_back({&views.back().event, views.back().fields});
  }
  std::string message;
  render_message(message, info.output, *evidence.back().event);  // the event that completed it
  AlertExtras extras;
  extras.primary = evidence.size() - 1;
  extras.values = alert.values;
  extras.contributing_events = alert.contributing;
  extras.sequence = alert.detail;
  extras.bindings = alert.bindings;
  AlertContext context{graph_.plan.get(), &sources_, wall_clock_ns(), format_,
                       atlas::AtlasCatalog::builtin().version(), redactor_};
  KeyedAlerts::Alert rendered;
  rendered.event_index = alert.event_index;
  rendered.rule = rule.rule;
  rendered.time_ns = evidence.back().event->time_ns();
  rendered.suppress_key = alert.suppress_key;
  append_alert(rendered.json, context, info, message, evidence, &extras);
  out.alerts.push_back(std::move(rendered));
}

namespace {

constexpr std::string_view kSnapshotMagic = "SIGIL-STATE";
constexpr std::uint8_t kSnapshotVersion = 2;  // 2: compact window state (count() without its own window)

std::uint64_t fingerprint(const eval::RuleGraph& graph) {
  std::uint64_t h = stable_hash("sigil");
  for (const eval::StatefulRule& rule : graph.stateful) {
    h = stable_hash(graph.rules[rule.rule].info.id, h);
    h = stable_hash(std::string_view("\x00", 1), h);
  }
  for (std::size_t f = 0; f < graph.plan->size(); ++f) h = stable_hash(graph.plan->slot(static_cast<FieldId>(f)).path, h);
  return h;
}

}  // namespace

// A snapshot: magic, version, fingerprint, shard count, the shards, and a checksum of all that
// (8 bytes, little-endian FNV-1a-64), so a corrupted snapshot is refused before it is parsed.
namespace {

std::string seal(std::string body) {
  std::uint64_t sum = stable_hash(body);
  for (int i = 0; i < 8; ++i) body.push_back(static_cast<char>((sum >> (8 * i)) & 0xFF));
  return body;
}

}  // namespace

std::string StatefulRuntime::snapshot_shard(std::size_t shard) const {
  state::Writer w;
  w.bytes(kSnapshotMagic);
  w.u8(kSnapshotVersion);
  w.varint(fingerprint(graph_));
  w.varint(limits_.shards);
  w.varint(1);
  w.varint(shard);
  for (const auto& runner : shards_[shard]) runner->write_to(w);
  return seal(w.take());
}

std::string StatefulRuntime::snapshot() const {
  state::Writer w;
  w.bytes(kSnapshotMagic);
  w.u8(kSnapshotVersion);
  w.varint(fingerprint(graph_));
  w.varint(limits_.shards);
  w.varint(shards_.size());
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    w.varint(shard);
    for (const auto& runner : shards_[shard]) runner->write_to(w);
  }
  return seal(w.take());
}

std::string StatefulRuntime::restore(std::string_view snapshot) {
  std::string error = restore_or_fail(snapshot);
  if (!error.empty()) build_runners();  // never keep old or partial state
  return error;
}

std::string StatefulRuntime::restore_or_fail(std::string_view snapshot) {
  build_runners();
  if (snapshot.size() < 8) return "not a Sigil state snapshot (too short)";
  std::string_view body = snapshot.substr(0, snapshot.size() - 8);
  std::uint64_t sum = 0;
  for (int i = 0; i < 8; ++i)
    sum |= static_cast<std::uint64_t>(static_cast<unsigned char>(snapshot[body.size() + i])) << (8 * i);
  if (sum != stable_hash(body)) return "corrupt snapshot (checksum mismatch)";
  state::Reader r(body);
  std::string_view magic;
  std::uint8_t version = 0;
  std::uint64_t print = 0, shard_count = 0;
  std::size_t shards = 0;
  if (!r.bytes(magic) || magic != kSnapshotMagic) return "not a Sigil state snapshot";
  if (!r.u8(version)) return r.error();
  if (version != kSnapshotVersion)
    return "unsupported snapshot version " + std::to_string(version) + " (this build reads version " +
           std::to_string(kSnapshotVersion) + "; state from an older or newer Sigil is not restored)";
  if (!r.varint(print) || print != fingerprint(graph_)) return "the snapshot belongs to other rules";
  if (!r.varint(shard_count) || shard_count != limits_.shards) return "the snapshot has another shard count";
  if (!r.count(shards, 1, limits_.shards)) return r.error();
  for (std::size_t i = 0; i < shards; ++i) {
    std::uint64_t shard = 0;
    if (!r.varint(shard) || shard >= limits_.shards) return r.ok() ? "shard outside the range" : r.error();
    for (auto& runner : shards_[shard])
      if (!runner->read_from(r, sources_.size())) return r.error().empty() ? "corrupt snapshot" : r.error();
  }
  if (!r.at_end()) return "trailing bytes after the snapshot";
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) recount(shard);
  return {};
}

std::uint32_t StatefulRuntime::sequence_max_reached(std::size_t stateful) const {
  if (graph_.stateful.at(stateful).type != eval::StatefulRule::Type::sequence) return 0;
  std::uint32_t reached = 0;
  for (const auto& runners : shards_)
    reached = std::max(reached, static_cast<const SequenceRunner&>(*runners[stateful]).max_reached());
  return reached;
}

StateStats StatefulRuntime::stats() const {
  StateStats s;
  s.evicted_per_rule.assign(graph_.stateful.size(), 0);
  s.keys_per_rule.assign(graph_.stateful.size(), 0);
  s.bytes_per_rule.assign(graph_.stateful.size(), 0);
  for (const auto& runners : shards_)
    for (std::size_t rule = 0; rule < runners.size(); ++rule) {
      const RuleRunner& r = *runners[rule];
      s.keys += r.keys();
      s.evicted += r.evicted();
      s.evicted_per_rule[rule] += r.evicted();
      s.keys_per_rule[rule] += r.keys();
      s.bytes_per_rule[rule] += r.memory_bytes();
      s.memory_bytes += r.memory_bytes();
    }
  s.alerts_without_evidence = alerts_without_evidence_.load(std::memory_order_relaxed);
  return s;
}

std::size_t StatefulRuntime::live_bytes() const {
  std::size_t live = 0;
  for (const ShardBytes& b : shard_bytes_) live += b.live;
  return live;
}

}  // namespace sigil::keyed
