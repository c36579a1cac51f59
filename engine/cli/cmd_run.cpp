// `sigil run`: replay telemetry through the engine.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <optional>

#include <fmt/core.h>
#include <fmt/format.h>

#include "engine/alert/redaction.hpp"
#include "engine/cli/cmd_run_kafka.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/load_graph.hpp"
#include "engine/cli/run_summary.hpp"
#include "engine/keyed/byte_size.hpp"
#include "engine/keyed/state_summary.hpp"
#include "engine/keyed/stateful_runtime.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/jsonl_source.hpp"
#include "engine/run/file_writer.hpp"
#include "engine/run/pipeline.hpp"

namespace sigil::cli {
namespace {

struct RunOptions {
  std::vector<std::string> rules;
  std::string input;
  std::string output = "-";
  std::string alert_format = "native";
  std::string dead_letter;
  std::size_t threads = 0;
  std::size_t max_event_bytes = 1u << 20;
  std::size_t max_depth = 64;
  bool quiet = false;
  bool explain = false;
  std::string redact;      // "": off; "all" (--redact) or "secrets"
  std::optional<std::string> redact_key;  // HMAC key file for the digests of masked values (given: even "")
  std::string lateness = "30s";
  std::size_t max_keys = 1u << 20;
  std::string max_state_memory = "1GiB";
  KafkaRunOptions kafka;
  std::vector<std::string> kafka_options_given;  // names of the Kafka-only options on the command line
};

// "30s", "5m", "250ms": a non-negative duration in nanoseconds, or nullopt.
std::optional<std::int64_t> parse_duration(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  std::int64_t n = std::stoll(text.substr(0, digits));
  std::string unit = text.substr(digits);
  if (unit == "ms") return n * 1'000'000;
  if (unit == "s") return n * 1'000'000'000;
  if (unit == "m") return n * 60'000'000'000;
  if (unit == "h") return n * 3'600'000'000'000;
  return std::nullopt;
}

// Without --dead-letter, rejected records are reported on stderr as one human line each (up to
// a cap), so that nothing is dropped silently even when no dead-letter file was asked for.
class StderrRejectSink final : public RejectSink {
 public:
  static constexpr std::uint64_t kMaxLines = 100;
  void write_dead_letters(std::string_view records) override {
    std::size_t start = 0;
    while (start < records.size()) {
      std::size_t end = records.find('\n', start);
      if (end == std::string_view::npos) end = records.size();
      if (++lines_ <= kMaxLines) fmt::print(stderr, "dead letter: {}\n", records.substr(start, end - start));
      start = end + 1;
    }
  }
  std::uint64_t lines() const { return lines_; }

 private:
  std::uint64_t lines_ = 0;
};

class FileRejectSink final : public RejectSink {
 public:
  explicit FileRejectSink(const std::string& path) : writer_(path) {}
  void write_dead_letters(std::string_view records) override { writer_.write(records); }

 private:
  FileWriter writer_;
};

class FileAlertSink final : public AlertSink {
 public:
  explicit FileAlertSink(const std::string& path) : writer_(path) {}
  void write_alerts(std::string_view alerts) override { writer_.write(alerts); }

 private:
  FileWriter writer_;
};
// --redact and --redact-key: the redactor of this run (none without --redact), or exit code 2.
int open_redactor(const RunOptions& options, std::optional<Redactor>& redactor) {
  if (options.redact.empty()) {
    if (!options.redact_key) return 0;
    fmt::print(stderr, "sigil run: --redact-key needs --redact (or --redact=secrets)\n");
    return 2;
  }
  std::string key, warning;
  if (options.redact_key)  // an empty path (an unset variable) is an error, not "no key"
    if (std::string error = load_redaction_key(*options.redact_key, key, warning); !error.empty()) {
      fmt::print(stderr, "sigil run: {}\n", error);
      return 2;
    }
  if (!warning.empty()) fmt::print(stderr, "sigil run: warning: {}\n", warning);
  redactor.emplace(options.redact == "secrets" ? RedactLevel::secrets : RedactLevel::all, std::move(key));
  return 0;
}

int run(const RunOptions& options) {
  std::optional<Redactor> redactor;  // alerts of the file and the Kafka mode (docs/alerts.md "Redaction")
  if (int code = open_redactor(options, redactor); code != 0) return code;
  const Redactor* redact = redactor ? &*redactor : nullptr;
  auto max_state_memory = keyed::parse_byte_size(options.max_state_memory);
  if (!max_state_memory) {
    fmt::print(stderr, "sigil run: --max-state-memory {}: expected a size such as 512MiB, 2GiB or 0 (no cap)\n",
               options.max_state_memory);
    return 2;
  }
  if (!options.kafka.topics.empty()) {
    if (!options.input.empty() || options.output != "-" || !options.dead_letter.empty()) {
      fmt::print(stderr, "sigil run: --topic reads Kafka and writes --alerts-topic/--dead-letter-topic; "
                         "--input, --output and --dead-letter are for files\n");
      return 2;
    }
    auto lateness = parse_duration(options.lateness);
    if (!lateness) {
      fmt::print(stderr, "sigil run: --lateness {}: expected a duration such as 30s, 5m, 500ms\n", options.lateness);
      return 2;
    }
    KafkaRunOptions k = options.kafka;
    k.rules = options.rules;
    k.alert_format = options.alert_format;
    k.threads = options.threads;
    k.max_event_bytes = options.max_event_bytes;
    k.max_depth = options.max_depth;
    k.quiet = options.quiet;
    k.explain = options.explain;
    k.lateness_ns = *lateness;
    k.max_keys = options.max_keys;
    k.max_state_memory = *max_state_memory;
    k.redactor = redact;
    return run_kafka(k);
  }
  if (!options.kafka_options_given.empty()) {
    fmt::print(stderr, "sigil run: {}: Kafka mode only (give --topic T, or leave them out)\n",
               fmt::join(options.kafka_options_given, ", "));
    return 2;
  }
  if (options.input.empty()) {
    fmt::print(stderr, "sigil run: --input FILE (or --topic T for Kafka) is required\n");
    return 2;
  }
  if (options.max_event_bytes == 0 || options.max_depth == 0) {
    fmt::print(stderr, "sigil run: --max-event-bytes and --max-depth must be positive\n");
    return 2;
  }
  std::unique_ptr<eval::RuleGraph> graph;
  if (!options.rules.empty()) {
    graph = load_graph(options.rules);
    if (!graph) return 2;
  }
  FieldPlan plan(FieldCatalog::builtin());
  plan.freeze();

  SourceTable sources;
  std::uint32_t source_id = sources.add(SourceTable::Type::file, options.input == "-" ? "<stdin>" : options.input);
  JsonlSource::Options source_options;
  source_options.keep_bytes = std::max(source_options.keep_bytes, options.max_event_bytes + 1);
  std::optional<JsonlSource> source;
  try {
    source.emplace(JsonlSource::open(options.input, source_id, source_options));
  } catch (const std::system_error& e) {
    fmt::print(stderr, "sigil run: {}\n", e.what());
    return 2;
  }

  std::unique_ptr<RejectSink> rejects;
  StderrRejectSink* stderr_rejects = nullptr;
  if (!options.dead_letter.empty()) {
    try {
      rejects = std::make_unique<FileRejectSink>(options.dead_letter);
    } catch (const std::system_error& e) {
      fmt::print(stderr, "sigil run: {}\n", e.what());
      return 2;
    }
  } else {
    auto sink = std::make_unique<StderrRejectSink>();
    stderr_rejects = sink.get();
    rejects = std::move(sink);
  }

  std::unique_ptr<AlertSink> alerts;
  if (graph) {
    try {
      alerts = std::make_unique<FileAlertSink>(options.output);
    } catch (const std::system_error& e) {
      fmt::print(stderr, "sigil run: {}\n", e.what());
      return 2;
    }
  }

  auto lateness = parse_duration(options.lateness);
  if (!lateness) {
    fmt::print(stderr, "sigil run: --lateness {}: expected a duration such as 30s, 5m, 500ms\n", options.lateness);
    return 2;
  }
  PipelineOptions pipeline_options;
  pipeline_options.lateness_ns = *lateness;
  pipeline_options.threads = options.threads;
  pipeline_options.explain = options.explain;
  pipeline_options.redactor = redact;
  pipeline_options.normalize.max_event_bytes = options.max_event_bytes;
  pipeline_options.normalize.max_depth = options.max_depth;
  AlertFormat format = options.alert_format == "ocsf" ? AlertFormat::ocsf : AlertFormat::native;
  std::optional<Pipeline> pipeline;
  if (graph) pipeline.emplace(*source, sources, *graph, format, pipeline_options);
  else pipeline.emplace(*source, sources, plan, pipeline_options);
  std::unique_ptr<keyed::StatefulRuntime> state;
  if (graph && !graph->stateful.empty()) {
    keyed::StateLimits limits;
    limits.lateness_ns = *lateness;
    limits.max_keys_per_rule = options.max_keys;
    limits.max_memory_bytes = *max_state_memory;
    state = std::make_unique<keyed::StatefulRuntime>(*graph, sources, format, limits, redact);
    pipeline->set_keyed_processor(state.get());
  }

  ProgressLine progress(!options.quiet && ::isatty(2));
  auto started = std::chrono::steady_clock::now();
  PipelineStats stats =
      pipeline->run(*rejects, alerts.get(), [&](const PipelineStats& s) { progress.update(s, started); });
  progress.clear();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!options.quiet) {
    print_run_summary(stats, seconds, graph.get());
    if (state) {
      keyed::StateStats s = state->stats();
      fmt::print(stderr, "  state           {} keys, {:.1f} MB, {} evicted, {} late events\n", s.keys,
                 static_cast<double>(s.memory_bytes) / 1e6, s.evicted, stats.late);
      keyed::print_evicted_by_rule(stderr, s, *graph);
    }
  }
  if (stderr_rejects && stderr_rejects->lines() > StderrRejectSink::kMaxLines)
    fmt::print(stderr, "sigil run: {} more rejected records not shown; pass --dead-letter FILE to keep them all\n",
               stderr_rejects->lines() - StderrRejectSink::kMaxLines);
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Replay telemetry (JSON Lines) through the engine.");
  cmd->add_option("--rules", options->rules, "rule files or directories (*.sigil), loaded in this order")
      ->expected(1, -1);
  cmd->add_option("--input", options->input, "JSON Lines file to read, or - for stdin");
  cmd->add_option("--output", options->output, "write alerts here (JSON Lines; default: stdout)");
  cmd->add_option("--alert-format", options->alert_format, "native, or ocsf (OCSF 1.1 Detection Finding)")
      ->check(CLI::IsMember({"native", "ocsf"}))
      ->capture_default_str();
  cmd->add_option("--dead-letter", options->dead_letter,
                  "write rejected records here as JSON Lines (reason, message, source position, original bytes)");
  cmd->add_option("--threads", options->threads, "worker threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-event-bytes", options->max_event_bytes, "largest accepted event, in bytes")
      ->capture_default_str();
  cmd->add_option("--max-depth", options->max_depth, "deepest accepted nesting of objects and arrays")
      ->capture_default_str();
  cmd->add_option("--lateness", options->lateness,
                  "how far behind the latest event time an event may arrive and still count for windows and "
                  "sequences (e.g. 30s, 2m)")
      ->capture_default_str();
  cmd->add_option("--max-keys", options->max_keys,
                  "per stateful rule: keys kept at most (least recently active evicted and counted)")
      ->capture_default_str();
  cmd->add_option("--max-state-memory", options->max_state_memory,
                  "memory cap of the keyed state (windows, new terms, sequences), e.g. 512MiB, 2GiB; beyond it "
                  "the least recently active keys of any rule are evicted and counted per rule; 0: no cap")
      ->capture_default_str();
  cmd->add_flag("--explain", options->explain,
                "each alert says which selections and exceptions held, on which values");
  cmd->add_flag("--redact{all}", options->redact,
                "mask prompt/response text and other content fields (replaced by length and SHA-256) and "
                "secrets in alerts; --redact=secrets masks secrets only")
      ->check(CLI::IsMember({"all", "secrets"}));
  cmd->add_option("--redact-key", options->redact_key,
                  "with --redact: digests of masked values are HMAC-SHA256 with this file's bytes as key "
                  "(at least 16), so short values cannot be guessed from their digest");
  cmd->add_flag("-q,--quiet", options->quiet, "no progress and no summary on stderr");
  add_kafka_run_options(*cmd, options->kafka);
  cmd->footer(
      "Examples:\n"
      "  sigil run --rules rules/ --input examples/telemetry.jsonl\n"
      "  sigil run --rules rules/ --rules site.sigil --input - --output alerts.jsonl --alert-format ocsf\n"
      "  sigil run --input - --dead-letter rejected.jsonl --threads 2 < events.jsonl\n"
      "Alerts go to stdout (or --output); the summary goes to stderr: records read, accepted,\n"
      "dead-lettered by reason, alerts by rule and by ATLAS technique.");
  cmd->callback([&action, options, cmd] {
    for (const CLI::Option* o : cmd->get_options([](const CLI::Option* o) {
           return o->get_group() == kKafkaOptionGroup && o->count() > 0 && o->get_name() != "--topic";
         }))
      options->kafka_options_given.push_back(o->get_name());
    action = [options] { return run(*options); };
  });
}

}  // namespace sigil::cli
