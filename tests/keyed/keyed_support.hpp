#pragma once
// Support for the keyed-state tests: rule text -> load_rules -> compile -> Pipeline with a
// StatefulRuntime as keyed processor -> alerts, wired as engine/cli/cmd_run.cpp wires `sigil run`
// (the pipeline's lateness and the runtime's are equal). Events are written to a temporary JSON
// Lines file with explicit times: 2026-11-25T10:00:00Z plus an offset in nanoseconds.
//
//   auto graph = keyed_test::compile(keyed_test::rule("r", "prompt", "window 1m by session.id ..."));
//   auto result = keyed_test::run(*graph, {keyed_test::prompt(5 * kSec, "s1")});
//   CHECK(result.count("r") == 1);
//
// Every event gets an explicit `event.id` ("e1", "e2", ... in file order unless given), so alert
// ids do not depend on the temporary file's name.

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "engine/ingest/jsonl_source.hpp"
#include "engine/ingest/timestamp.hpp"
#include "engine/keyed/stateful_runtime.hpp"
#include "engine/run/pipeline.hpp"

namespace keyed_test {

using namespace sigil;

inline constexpr std::int64_t kMs = 1'000'000;
inline constexpr std::int64_t kSec = 1'000'000'000;
inline constexpr std::int64_t kMin = 60 * kSec;
inline constexpr std::int64_t kHour = 60 * kMin;

// 2026-11-25T10:00:00Z in ns since the epoch; every event time is this plus an offset.
inline std::int64_t base_ns() {
  static const std::int64_t base = *parse_rfc3339_ns("2026-11-25T10:00:00Z");
  return base;
}

inline std::string time_text(std::int64_t offset_ns) {
  char buffer[32];
  std::size_t n = format_rfc3339_ns(base_ns() + offset_ns, buffer);
  return std::string(buffer, n);
}

// A temporary file, removed when it goes out of scope.
class TempFile {
 public:
  TempFile(const std::string& suffix, const std::string& content) {
    std::string pattern = "/tmp/sigil-keyed-test-XXXXXX" + suffix;
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = ::mkstemps(name.data(), static_cast<int>(suffix.size()));
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = name.data();
    std::ofstream(path_, std::ios::binary) << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ------------------------------------------------------------------ rules

// A rule with the metadata every rule needs; `body` holds the rest (selections, state statements).
inline std::string rule(const std::string& id, const std::string& on, const std::string& body) {
  std::string text = "rule " + id + " {\n  title \"" + id + "\"\n  severity high\n  atlas AML.T0051\n";
  if (!on.empty()) text += "  on " + on + "\n";
  return text + body + "\n}\n";
}

// Loads the rule text from a file and compiles it, as `sigil run` does (load_graph).
inline std::unique_ptr<eval::RuleGraph> compile(const std::string& text) {
  TempFile file(".sigil", text);
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules({file.path()}, {}, diagnostics);
  std::unique_ptr<eval::RuleGraph> graph;
  if (!diagnostics.has_errors()) graph = dsl::compile_rules(rules, diagnostics);
  std::string rendered;
  for (const dsl::Diagnostic& d : diagnostics.all()) rendered += dsl::render_text(d, rules.files);
  INFO(text);
  INFO(rendered);
  REQUIRE_FALSE(diagnostics.has_errors());
  REQUIRE(graph != nullptr);
  return graph;
}

// One rule of each stateful kind -- a count window, a two-step sequence with a binding, new
// terms -- for the tests that carry state from one runtime to another (snapshot_test,
// partitioned_runtime_test). api_call() events feed new_host.
inline std::string one_rule_of_each_kind() {
  return rule("burst", "prompt", "  window 10m by session.id\n  aggregate n = count()\n  having n >= 3") +
         rule("two_step", "",
              "  sequence by session.id within 10m {\n"
              "    a: prompt where prompt.text == \"first\" bind word = prompt.text\n"
              "    b: prompt where prompt.text == \"second\"\n  }") +
         rule("new_host", "api_call", "  new server.address by service.name within 1d");
}

// ------------------------------------------------------------------ events

struct Ev {
  std::string kind;
  std::int64_t at = 0;         // ns after 2026-11-25T10:00:00Z
  std::string session = "s1";  // session.id
  std::string user = "u1";     // user.id
  std::string fields;          // more members of the event object, e.g. R"("prompt.text":"hi")"
  std::string id;              // event.id; "e<line>" when empty
};

inline Ev prompt(std::int64_t at, std::string session = "s1", std::string user = "u1", std::string text = "hello") {
  return {"prompt", at, std::move(session), std::move(user), fmt::format(R"("prompt.text":"{}")", text), {}};
}
// A token_usage event with `total` tokens (input and output are required by the contract).
inline Ev tokens(std::int64_t at, std::int64_t total, std::string session = "s1", std::string user = "u1") {
  return {"token_usage", at, std::move(session), std::move(user),
          fmt::format(R"("usage.input_tokens":{},"usage.output_tokens":0,"usage.total_tokens":{})", total, total),
          {}};
}
inline Ev ev(std::string kind, std::int64_t at, std::string fields, std::string session = "s1", std::string user = "u1") {
  return {std::move(kind), at, std::move(session), std::move(user), std::move(fields), {}};
}
// An api_call of service "a" to server `host` (one_rule_of_each_kind()'s new_host).
inline Ev api_call(std::int64_t at, const std::string& host, std::string session = "s1") {
  return ev("api_call", at, R"("service.name":"a","server.address":")" + host + "\"", std::move(session));
}
// Gives every event without an id "e<position + 1>", so that the events can be split across
// inputs and keep their ids.
inline std::vector<Ev> numbered(std::vector<Ev> events) {
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i].id.empty()) events[i].id = fmt::format("e{}", i + 1);
  return events;
}
inline Ev with(Ev e, const std::string& more_fields) {
  e.fields += (e.fields.empty() ? "" : ",") + more_fields;
  return e;
}
inline Ev named(Ev e, std::string id) {
  e.id = std::move(id);
  return e;
}

inline std::string jsonl(const std::vector<Ev>& events) {
  std::string out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Ev& e = events[i];
    out += fmt::format(R"({{"schema_version":"1","kind":"{}","time":"{}","event.id":"{}","session.id":"{}",)"
                       R"("user.id":"{}"{}{}}})",
                       e.kind, time_text(e.at), e.id.empty() ? fmt::format("e{}", i + 1) : e.id, e.session, e.user,
                       e.fields.empty() ? "" : ",", e.fields);
    out += '\n';
  }
  return out;
}

// ------------------------------------------------------------------ alerts

struct Alert {
  std::string rule;
  std::string alert_id;
  std::string time;
  std::string session;
  std::string user;
  std::map<std::string, std::optional<double>> aggregates;  // null -> nullopt
  std::uint64_t contributing = 0;
  bool has_sequence = false;
  std::string steps;
  std::map<std::string, std::string> bindings;
  std::uint64_t suppressed = 0;
  std::vector<std::string> evidence;  // evidence[].event.id, in order
  std::string line;                   // the JSON line with detected_at blanked

  bool operator==(const Alert& other) const { return line == other.line; }

  double aggregate(const std::string& name) const {
    auto it = aggregates.find(name);
    REQUIRE_MESSAGE(it != aggregates.end(), "no aggregate " << name << " in " << line);
    REQUIRE_MESSAGE(it->second.has_value(), "aggregate " << name << " is null in " << line);
    return *it->second;
  }
};

inline std::string text_or_empty(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return {};
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

inline Alert parse_alert(const std::string& line) {
  rapidjson::Document d;
  d.Parse(line.c_str(), line.size());
  INFO(line);
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());
  Alert a;
  a.rule = text_or_empty(d["rule"], "id");
  a.alert_id = text_or_empty(d, "alert_id");
  a.time = text_or_empty(d, "time");
  a.session = text_or_empty(d["session"], "id");
  a.user = text_or_empty(d["user"], "id");
  if (d.HasMember("aggregates"))
    for (const auto& m : d["aggregates"].GetObject())
      a.aggregates[m.name.GetString()] = m.value.IsNumber() ? std::optional<double>(m.value.GetDouble()) : std::nullopt;
  if (d.HasMember("contributing_events")) a.contributing = d["contributing_events"].GetUint64();
  if (d.HasMember("sequence")) {
    a.has_sequence = true;
    a.steps = d["sequence"]["steps"].GetString();
    for (const auto& m : d["sequence"]["bindings"].GetObject()) a.bindings[m.name.GetString()] = m.value.GetString();
  }
  if (d.HasMember("suppressed")) a.suppressed = d["suppressed"].GetUint64();
  for (const auto& e : d["evidence"].GetArray()) a.evidence.push_back(text_or_empty(e, "event.id"));
  a.line = line;
  if (auto at = a.line.find("\"detected_at\":\""); at != std::string::npos) {
    auto end = a.line.find('"', at + 15);
    a.line.replace(at + 15, end - (at + 15), "<detected_at>");
  }
  return a;
}

struct RunResult {
  std::vector<Alert> alerts;  // in output order
  PipelineStats stats;
  std::vector<std::string> dead_reasons;  // dead letters' "reason", in order
  std::vector<std::string> dead_ids;      // their event.id (from the original bytes), in order
  keyed::StateStats state;
  std::size_t live_bytes = 0;  // StatefulRuntime::live_bytes(): what the memory cap compares

  std::vector<Alert> of(const std::string& rule) const {
    std::vector<Alert> out;
    for (const Alert& a : alerts)
      if (a.rule == rule) out.push_back(a);
    return out;
  }
  std::size_t count(const std::string& rule) const { return of(rule).size(); }
  std::size_t dead(const std::string& reason) const {
    std::size_t n = 0;
    for (const auto& r : dead_reasons) n += r == reason;
    return n;
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const Alert& a : alerts) out.push_back(a.line);
    return out;
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const Alert& a : alerts) out.push_back(a.alert_id);
    return out;
  }
  std::string describe() const {
    std::string out = fmt::format("{} alert(s), late {}:\n", alerts.size(), stats.late);
    for (const Alert& a : alerts) out += a.line + "\n";
    return out;
  }
};

struct Collect final : RejectSink, AlertSink {
  void write_dead_letters(std::string_view text) override { dead += text; }
  void write_alerts(std::string_view text) override { alerts += text; }
  std::string dead;
  std::string alerts;
};

struct RunConfig {
  std::size_t threads = 1;
  std::int64_t lateness_ns = 30 * kSec;  // both PipelineOptions::lateness_ns and StateLimits::lateness_ns
  std::size_t max_records = 1024;        // ReadLimits::max_records
  std::size_t max_keys_per_rule = 1u << 20;
  std::size_t max_memory_bytes = std::size_t{1} << 30;  // StateLimits::max_memory_bytes
};

inline keyed::StateLimits limits_of(const RunConfig& config) {
  keyed::StateLimits limits;
  limits.lateness_ns = config.lateness_ns;
  limits.max_keys_per_rule = config.max_keys_per_rule;
  limits.max_memory_bytes = config.max_memory_bytes;
  return limits;
}

// Forwards to a StatefulRuntime; with `finish_at_end` false, the end of input does NOT close
// windows and spans (a process stopping mid-stream to hand its state over, as on a restart).
class Forwarding final : public KeyedProcessor {
 public:
  Forwarding(keyed::StatefulRuntime& runtime, bool finish_at_end) : runtime_(runtime), finish_(finish_at_end) {}
  std::size_t shard_count() const override { return runtime_.shard_count(); }
  bool route(const Event& event, std::uint32_t index, eval::Evaluator* evaluator, RoutedWork& out) const override {
    return runtime_.route(event, index, evaluator, out);
  }
  void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
               KeyedAlerts& out) override {
    runtime_.process(shard, batch, work, out);
  }
  void advance(std::size_t shard, std::int64_t watermark, std::uint64_t index, KeyedAlerts& out) override {
    runtime_.advance(shard, watermark, index, out);
  }
  void finish(KeyedAlerts& out) override {
    if (finish_) runtime_.finish(out);
  }

 private:
  keyed::StatefulRuntime& runtime_;
  bool finish_;
};

// One stateful runtime across several inputs (each a Pipeline of its own, as separate processes
// would be): for snapshot/restore. `sources` outlives the runtime, which refers to it.
struct Session {
  Session(const eval::RuleGraph& g, RunConfig c)
      : graph(g), config(c), runtime(std::make_unique<keyed::StatefulRuntime>(g, sources, AlertFormat::native, limits_of(c))) {}

  // Writes the input and registers it as a source, as `sigil run` does before it builds the
  // runtime (a restore() between open() and run() sees the source, like a restarted process).
  void open(const std::vector<Ev>& events) {
    input = std::make_unique<TempFile>(".jsonl", jsonl(events));
    input_id = sources.add(SourceTable::Type::file, input->path());
  }
  RunResult feed(const std::vector<Ev>& events, bool finish_at_end = true) {
    open(events);
    return run(finish_at_end);
  }
  RunResult run(bool finish_at_end = true) {
    REQUIRE(input != nullptr);
    const TempFile& file = *input;
    JsonlSource source = JsonlSource::open(file.path(), input_id);
    PipelineOptions options;
    options.threads = config.threads;
    options.lateness_ns = config.lateness_ns;
    options.read.max_records = config.max_records;
    Pipeline pipeline(source, sources, graph, AlertFormat::native, options);
    Forwarding forwarding(*runtime, finish_at_end);
    if (!graph.stateful.empty()) pipeline.set_keyed_processor(&forwarding);
    Collect sink;
    RunResult result;
    result.stats = pipeline.run(sink, &sink, {});
    // The temporary file's name differs from run to run: alerts name it "<input>".
    for (std::size_t at = sink.alerts.find(file.path()); at != std::string::npos; at = sink.alerts.find(file.path(), at))
      sink.alerts.replace(at, file.path().size(), "<input>");
    std::size_t start = 0;
    while (start < sink.alerts.size()) {
      std::size_t end = sink.alerts.find('\n', start);
      result.alerts.push_back(parse_alert(sink.alerts.substr(start, end - start)));
      start = end + 1;
    }
    start = 0;
    while (start < sink.dead.size()) {
      std::size_t end = sink.dead.find('\n', start);
      rapidjson::Document d;
      std::string line = sink.dead.substr(start, end - start);
      d.Parse(line.c_str());
      REQUIRE(d.IsObject());
      result.dead_reasons.push_back(text_or_empty(d, "reason"));
      rapidjson::Document original;
      std::string bytes = text_or_empty(d, "original");
      original.Parse(bytes.c_str());
      std::string id = original.IsObject() ? text_or_empty(original, "event.id") : std::string();
      result.dead_ids.push_back(id);
      start = end + 1;
    }
    result.state = runtime->stats();
    result.live_bytes = runtime->live_bytes();
    CHECK(result.state.alerts_without_evidence == 0);  // every raised alert was rendered
    return result;
  }

  SourceTable sources;
  std::unique_ptr<TempFile> input;
  std::uint32_t input_id = 0;
  const eval::RuleGraph& graph;
  RunConfig config;
  std::unique_ptr<keyed::StatefulRuntime> runtime;
};

inline RunResult run(const eval::RuleGraph& graph, const std::vector<Ev>& events, const RunConfig& config = {}) {
  Session session(graph, config);
  return session.feed(events);
}

}  // namespace keyed_test
