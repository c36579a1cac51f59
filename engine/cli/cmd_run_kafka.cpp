// `sigil run --topic ...`: the Kafka mode of `sigil run` (cmd_run_kafka.hpp, docs/kafka.md).
#include "engine/cli/cmd_run_kafka.hpp"

#include <CLI/CLI.hpp>
#include <signal.h>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/core.h>
#include <fmt/format.h>

#include "engine/cli/load_graph.hpp"
#include "engine/cli/run_summary.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/kafka/json_peek.hpp"
#include "engine/kafka/kafka_sinks.hpp"
#include "engine/kafka/kafka_source.hpp"
#include "engine/kafka/state_handover.hpp"
#include "engine/keyed/partitioned_runtime.hpp"
#include "engine/keyed/state_summary.hpp"
#include "engine/run/pipeline.hpp"

namespace sigil::cli {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) { g_stop.store(true); }

// SIGINT/SIGTERM ask for a clean stop; a second one ends the process the default way.
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Without --dead-letter-topic: one line per dead letter on stderr (the first 100), all counted.
class StderrDeadLetters final : public RejectSink {
 public:
  explicit StderrDeadLetters(kafka::KafkaSource*& source) : source_(source) {}
  void write_dead_letters(std::string_view records) override {
    std::uint64_t n = 0;
    kafka::for_each_line(records, [&](std::string_view line) {
      ++n;
      if (++lines_ <= 100) fmt::print(stderr, "dead letter: {}\n", line);
    });
    if (source_) source_->count_dead_letters(n);
  }

 private:
  kafka::KafkaSource*& source_;
  std::uint64_t lines_ = 0;
};

// Shards of each partition's runtime: a constant, because a snapshot holds its shard count and
// every process of a group must be able to restore every other's snapshots.
constexpr std::size_t kPartitionShards = 16;

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

}  // namespace

void add_kafka_run_options(CLI::App& cmd, KafkaRunOptions& o) {
  auto* group = kKafkaOptionGroup;
  cmd.add_option("--brokers", o.brokers, "Kafka bootstrap servers HOST:PORT[,...] (or bootstrap.servers in --config)")
      ->group(group);
  cmd.add_option("--topic", o.topics, "read events from this topic (repeatable); selects the Kafka mode")->group(group);
  cmd.add_option("--group", o.group, "consumer group id (processes of one group share the partitions)")->group(group);
  cmd.add_option("--alerts-topic", o.alerts_topic, "write alerts here, keyed by session.id")->group(group);
  cmd.add_option("--dead-letter-topic", o.dead_letter_topic,
                 "write rejected records here (original bytes; reason and source in headers)")
      ->group(group);
  cmd.add_option("-X", o.properties,
                 "librdkafka property key=value for both clients (consumer.KEY / producer.KEY for one); "
                 "value env:NAME reads the environment variable NAME")
      ->group(group);
  cmd.add_option("--config", o.config_file, "librdkafka properties file: key=value lines, # comments")->group(group);
  cmd.add_option("--stats-interval", o.stats_interval_s, "seconds between stats lines on stderr; 0: none")
      ->capture_default_str()
      ->group(group);
  cmd.add_option("--stats-json", o.stats_json, "also write the stats to this file (JSON, replaced atomically)")
      ->group(group);
  cmd.add_option("--shutdown-timeout", o.shutdown_timeout_s,
                 "on SIGINT/SIGTERM, seconds to wait for the brokers to acknowledge what was produced")
      ->capture_default_str()
      ->group(group);
  cmd.add_option("--dead-letter-max-bytes", o.dead_letter_max_bytes,
                 "dead-letter values are cut to this size (header sigil.truncated)")
      ->capture_default_str()
      ->group(group);
  cmd.add_option("--state-topic", o.state_topic,
                 "compacted topic for per-partition state snapshots handed over on rebalance "
                 "(default <group>.sigil-state; created if missing)")
      ->group(group);
  cmd.add_option("--state-timeout", o.state_timeout_s,
                 "seconds to wait for a state snapshot to be acknowledged, or for the state topic to be read")
      ->capture_default_str()
      ->group(group);
  cmd.add_option("--batch-linger-ms", o.batch_linger_ms,
                 "how long a partly filled batch waits for more messages once none is ready; 0: hand it on at "
                 "once (batches still fill up under backlog)")
      ->capture_default_str()
      ->group(group);
}

int run_kafka(const KafkaRunOptions& options) {
  kafka::ClientConfig config;
  config.brokers = options.brokers;
  if (!options.config_file.empty())
    if (std::string error = kafka::load_config_file(config, options.config_file); !error.empty()) {
      fmt::print(stderr, "sigil run: --config {}\n", error);
      return 2;
    }
  for (const std::string& p : options.properties)
    if (std::string error = kafka::add_property(config, p); !error.empty()) {
      fmt::print(stderr, "sigil run: -X: {}\n", error);
      return 2;
    }
  if (options.group.empty()) {
    fmt::print(stderr, "sigil run: --topic needs --group\n");
    return 2;
  }
  if (!options.rules.empty() && options.alerts_topic.empty()) {
    fmt::print(stderr, "sigil run: --rules with --topic needs --alerts-topic\n");
    return 2;
  }
  std::unique_ptr<eval::RuleGraph> graph;
  if (!options.rules.empty()) {
    graph = load_graph(options.rules);
    if (!graph) return 2;
  }
  FieldPlan plan(FieldCatalog::builtin());
  plan.freeze();

  // Per-partition state, handed over through the state topic when partitions move.
  const bool stateful = graph && !graph->stateful.empty();
  std::string state_topic = options.state_topic.empty() ? options.group + ".sigil-state" : options.state_topic;

  kafka::OffsetTracker tracker;
  SourceTable sources;
  std::optional<kafka::Producer> producer;
  std::optional<kafka::StateStore> store;  // before the source, which may call into it until destroyed
  std::optional<kafka::KafkaSource> source;
  kafka::KafkaSource* source_ptr = nullptr;
  try {
    producer.emplace(config, &tracker, g_stop, ms(options.shutdown_timeout_s));
    if (stateful) {
      store.emplace(config, state_topic, g_stop, ms(options.state_timeout_s));
      if (std::string error = store->ensure_topic(); !error.empty()) {
        fmt::print(stderr, "sigil run: {}\n", error);
        return 2;
      }
    }
    kafka::KafkaSourceOptions source_options;
    source_options.topics = options.topics;
    source_options.group = options.group;
    source_options.keep_bytes = std::max(source_options.keep_bytes, options.max_event_bytes + 1);
    source_options.stats_interval = ms(options.stats_interval_s);
    source_options.stats_json = options.stats_json;
    source_options.quiet = options.quiet;
    source_options.linger = std::chrono::milliseconds(static_cast<std::int64_t>(options.batch_linger_ms));
    source.emplace(config, sources, tracker, *producer, g_stop, source_options);
    source_ptr = &*source;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "sigil run: {}\n", e.what());
    return 2;
  }

  std::unique_ptr<RejectSink> rejects;
  if (!options.dead_letter_topic.empty())
    rejects = std::make_unique<kafka::KafkaRejectSink>(*producer, options.dead_letter_topic, options.dead_letter_max_bytes);
  else
    rejects = std::make_unique<StderrDeadLetters>(source_ptr);
  std::unique_ptr<AlertSink> alerts;
  if (graph) alerts = std::make_unique<kafka::KafkaAlertSink>(*producer, options.alerts_topic);

  PipelineOptions pipeline_options;
  pipeline_options.lateness_ns = options.lateness_ns;
  // At least 2: a revoke waits inside the input stage for the other threads to finish in-flight batches.
  pipeline_options.threads = std::max<std::size_t>(2, options.threads ? options.threads : std::thread::hardware_concurrency());
  pipeline_options.explain = options.explain;
  pipeline_options.redactor = options.redactor;
  // A signal or a rebalance pauses the stream: open windows and spans stay open (in the snapshot).
  pipeline_options.finish_keyed_at_end = false;
  pipeline_options.normalize.max_event_bytes = options.max_event_bytes;
  pipeline_options.normalize.max_depth = options.max_depth;
  AlertFormat format = options.alert_format == "ocsf" ? AlertFormat::ocsf : AlertFormat::native;
  std::optional<Pipeline> pipeline;
  if (graph) pipeline.emplace(*source, sources, *graph, format, pipeline_options);
  else pipeline.emplace(*source, sources, plan, pipeline_options);
  pipeline->set_batch_listener(&*source);
  std::unique_ptr<keyed::PartitionedRuntime> state;
  std::unique_ptr<kafka::StateHandover> handover;
  if (stateful) {
    keyed::StateLimits limits;
    limits.shards = kPartitionShards;
    limits.lateness_ns = options.lateness_ns;
    limits.max_keys_per_rule = options.max_keys;  // per partition
    limits.max_memory_bytes = options.max_state_memory;  // shared by the partitions
    state = std::make_unique<keyed::PartitionedRuntime>(*graph, sources, format, limits, options.redactor);
    pipeline->set_keyed_processor(state.get());
    handover = std::make_unique<kafka::StateHandover>(*state, *store, options.quiet);
    source->set_partition_listener(handover.get());
  }

  install_stop_handlers();
  if (!options.quiet)
    fmt::print(stderr, "sigil run: consuming {} as group {}; SIGINT or SIGTERM stops cleanly\n",
               fmt::join(options.topics, ", "), options.group);
  auto started = std::chrono::steady_clock::now();
  PipelineStats stats = pipeline->run(*rejects, alerts.get(), {});
  bool complete = source->finish(ms(options.shutdown_timeout_s));  // the last revoke hands the state over
  source->set_partition_listener(nullptr);
  if (handover) {
    kafka::HandoverStats h = handover->stats();
    if (!options.quiet || h.refused || h.not_handed_over)
      fmt::print(stderr,
                 "sigil: kafka: state of partitions: {} restored, {} refused (started empty), {} without a snapshot, "
                 "{} handed over, {} not handed over\n",
                 h.restored, h.refused, h.fresh, h.handed_over, h.not_handed_over);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options.quiet) print_run_summary(stats, seconds, graph.get());
  if (!options.quiet && state) keyed::print_evicted_by_rule(stderr, state->stats(), *graph);
  return complete ? 0 : 1;
}

}  // namespace sigil::cli
