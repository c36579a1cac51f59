#include "engine/testing/case_runner.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/core.h>

#include "engine/eval/evaluator.hpp"
#include "engine/keyed/stateful_runtime.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/testing/memory_source.hpp"

namespace sigil::testing {
namespace {

using rapidjson::Value;

// The runtime's furthest sequence step, when StatefulRuntime offers it.
template <typename Runtime>
std::optional<std::uint32_t> runtime_reached(const Runtime& runtime, std::size_t stateful) {
  if constexpr (requires { runtime.sequence_max_reached(stateful); })
    return static_cast<std::uint32_t>(runtime.sequence_max_reached(stateful));
  else
    return std::nullopt;
}

class CaseTap final : public KeyedProcessor {
 public:
  CaseTap(const eval::RuleGraph& graph, keyed::StatefulRuntime* inner, bool end_of_input,
          std::vector<std::uint32_t> sequences)
      : graph_(graph), inner_(inner), end_of_input_(end_of_input), sequences_(std::move(sequences)) {
    held_.resize(graph.rules.size());
    for (std::size_t r = 0; r < graph.rules.size(); ++r) held_[r].assign(graph.rules[r].selections.size(), false);
  }

  std::size_t shard_count() const override { return inner_ ? inner_->shard_count() : 1; }
  bool route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
             RoutedWork& out) const override {
    if (evaluator) observe(event, *evaluator);
    return inner_ ? inner_->route(event, event_index, evaluator, out) : false;
  }
  void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
               KeyedAlerts& out) override {
    if (inner_) inner_->process(shard, batch, work, out);
  }
  void advance(std::size_t shard, std::int64_t watermark_ns, std::uint64_t event_index, KeyedAlerts& out) override {
    if (inner_) inner_->advance(shard, watermark_ns, event_index, out);
  }
  void finish(KeyedAlerts& out) override {
    if (inner_ && end_of_input_) inner_->finish(out);
  }

  std::vector<std::vector<bool>> held() const { return held_; }
  // (input position, stateful index, step) of every event a step's condition held for.
  std::vector<std::tuple<std::int64_t, std::uint32_t, std::uint32_t>> step_hits() const {
    auto hits = step_hits_;
    std::sort(hits.begin(), hits.end());
    return hits;
  }

 private:
  void observe(const Event& event, eval::Evaluator& evaluator) const {
    const KindMask bit = kind_bit(event.kind());
    std::lock_guard lock(mutex_);
    for (std::size_t r = 0; r < graph_.rules.size(); ++r) {
      if (!(graph_.rules[r].kinds & bit)) continue;
      const auto& selections = graph_.rules[r].selections;
      for (std::size_t s = 0; s < selections.size(); ++s)
        if (!held_[r][s] && evaluator.holds(selections[s].second)) held_[r][s] = true;
    }
    for (std::uint32_t s : sequences_) {
      const auto& steps = graph_.stateful[s].sequence->steps;
      for (std::uint32_t k = 0; k < steps.size(); ++k)
        if ((steps[k].kinds & bit) && evaluator.holds(steps[k].node))
          step_hits_.emplace_back(event.position().offset, s, k);
    }
  }

  const eval::RuleGraph& graph_;
  keyed::StatefulRuntime* inner_;
  bool end_of_input_;
  std::vector<std::uint32_t> sequences_;
  mutable std::mutex mutex_;
  mutable std::vector<std::vector<bool>> held_;
  mutable std::vector<std::tuple<std::int64_t, std::uint32_t, std::uint32_t>> step_hits_;
};

std::string text(const Value& object, const char* key) {
  auto m = object.FindMember(key);
  return m != object.MemberEnd() && m->value.IsString() ? std::string(m->value.GetString(), m->value.GetStringLength())
                                                        : std::string();
}

ObservedAlert parse_alert(const Value& a) {
  ObservedAlert out;
  if (auto r = a.FindMember("rule"); r != a.MemberEnd() && r->value.IsObject()) {
    out.rule_id = text(r->value, "id");
    out.severity = text(r->value, "severity");
  }
  out.time = text(a, "time");
  out.message = text(a, "message");
  if (auto at = a.FindMember("atlas"); at != a.MemberEnd() && at->value.IsArray())
    for (const Value& t : at->value.GetArray())
      if (t.IsObject()) out.atlas.push_back(text(t, "id"));
  if (auto ev = a.FindMember("evidence"); ev != a.MemberEnd() && ev->value.IsArray())
    for (const Value& e : ev->value.GetArray())
      if (e.IsObject()) out.evidence.push_back(text(e, "event.id"));
  if (auto ag = a.FindMember("aggregates"); ag != a.MemberEnd() && ag->value.IsObject())
    for (auto m = ag->value.MemberBegin(); m != ag->value.MemberEnd(); ++m)
      out.aggregates.emplace_back(m->name.GetString(),
                                  m->value.IsNumber() ? std::optional<double>(m->value.GetDouble()) : std::nullopt);
  if (auto sq = a.FindMember("sequence"); sq != a.MemberEnd() && sq->value.IsObject()) {
    out.sequence = text(sq->value, "steps");
    if (auto b = sq->value.FindMember("bindings"); b != sq->value.MemberEnd() && b->value.IsObject())
      for (auto m = b->value.MemberBegin(); m != b->value.MemberEnd(); ++m)
        out.bindings.emplace_back(m->name.GetString(), m->value.IsString() ? m->value.GetString() : "");
  }
  if (auto s = a.FindMember("suppressed"); s != a.MemberEnd() && s->value.IsUint64()) out.suppressed = s->value.GetUint64();
  return out;
}

// Calls `line` for each non-empty line of JSON Lines text.
template <typename F>
void each_line(std::string_view lines, F&& line) {
  std::size_t start = 0;
  while (start < lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    if (end > start) line(lines.substr(start, end - start));
    start = end + 1;
  }
}

struct Collector final : RejectSink, AlertSink {
  void write_dead_letters(std::string_view records) override { dead_letters += records; }
  void write_alerts(std::string_view lines) override { alerts += lines; }
  std::string dead_letters;
  std::string alerts;
};

// Without the runtime's accessor: the furthest step reachable by matching the steps' conditions
// in input order, ignoring keys, spans and bindings (an upper bound of what the runtime reached).
std::optional<std::uint32_t> estimate_reached(const eval::SequenceSpec& spec, std::uint32_t stateful,
                                              const std::vector<std::tuple<std::int64_t, std::uint32_t, std::uint32_t>>& hits) {
  std::optional<std::uint32_t> reached;
  std::uint32_t next = 0;
  auto skip_absent = [&] {
    while (next < spec.steps.size() && spec.steps[next].absent) ++next;
  };
  skip_absent();
  for (const auto& [position, s, step] : hits) {
    if (s != stateful || next >= spec.steps.size()) continue;
    if (step == next) {
      reached = step;
      ++next;
      skip_absent();
    }
  }
  return reached;
}

}  // namespace

CaseRun run_case(const eval::RuleGraph& graph, const TestCase& test) {
  std::vector<std::string> lines;
  lines.reserve(test.events.size());
  for (const TestEvent& e : test.events) lines.push_back(e.json);

  SourceTable sources;
  MemorySource source(&lines, sources.add(SourceTable::Type::file, kEventSourceName));
  PipelineOptions options;
  options.lateness_ns = test.lateness_ns;
  options.threads = 1;  // results never depend on it; cases are small
  Pipeline pipeline(source, sources, graph, AlertFormat::native, options);
  std::unique_ptr<keyed::StatefulRuntime> state;
  if (!graph.stateful.empty()) {
    keyed::StateLimits limits;
    limits.lateness_ns = test.lateness_ns;
    state = std::make_unique<keyed::StatefulRuntime>(graph, sources, AlertFormat::native, limits);
  }
  std::vector<std::uint32_t> sequences;
  for (std::uint32_t s = 0; s < graph.stateful.size(); ++s) {
    const eval::StatefulRule& rule = graph.stateful[s];
    if (rule.type == eval::StatefulRule::Type::sequence &&
        std::count(test.rules.begin(), test.rules.end(), graph.rules[rule.rule].info.id))
      sequences.push_back(s);
  }
  CaseTap tap(graph, state.get(), test.end_of_input, sequences);
  pipeline.set_keyed_processor(&tap);
  Collector sink;
  PipelineStats stats = pipeline.run(sink, &sink, {});

  CaseRun run;
  run.late = stats.late;
  each_line(sink.alerts, [&](std::string_view line) {
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) return;
    ObservedAlert alert = parse_alert(doc);
    if (std::count(test.rules.begin(), test.rules.end(), alert.rule_id)) run.alerts.push_back(std::move(alert));
    else ++run.other_alerts;
  });
  each_line(sink.dead_letters, [&](std::string_view line) {
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject() || text(doc, "reason") == "late") return;
    std::string where;
    if (auto s = doc.FindMember("source"); s != doc.MemberEnd() && s->value.IsObject())
      if (auto l = s->value.FindMember("line"); l != s->value.MemberEnd() && l->value.IsInt64())
        where = fmt::format("event {}: ", l->value.GetInt64());
    run.rejected.push_back(fmt::format("{}{}: {}", where, text(doc, "reason"), text(doc, "message")));
  });
  run.selections_held = tap.held();
  auto hits = tap.step_hits();
  for (std::uint32_t s : sequences) {
    const eval::SequenceSpec& spec = *graph.stateful[s].sequence;
    SequenceProgress p;
    p.rule_id = graph.rules[graph.stateful[s].rule].info.id;
    for (const eval::StepSpec& step : spec.steps) p.steps.push_back((step.absent ? "!" : "") + step.name);
    std::uint32_t first_present = 0;
    while (first_present < spec.steps.size() && spec.steps[first_present].absent) ++first_present;
    bool started = std::any_of(hits.begin(), hits.end(), [&](const auto& h) {
      return std::get<1>(h) == s && std::get<2>(h) == first_present;
    });
    std::optional<std::uint32_t> exact = state ? runtime_reached(*state, s) : std::nullopt;
    if (exact) {
      p.exact = true;
      if (started) p.reached = *exact;
    } else {
      p.reached = estimate_reached(spec, s, hits);
    }
    run.sequences.push_back(std::move(p));
  }
  return run;
}

}  // namespace sigil::testing
