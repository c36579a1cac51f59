#pragma once
// The Kafka mode of `sigil run` (docs/kafka.md): events from topics of a consumer group, alerts
// and dead letters to topics, offsets committed at least once. cmd_run.cpp registers the options
// with add_kafka_run_options() and, when --topic was given, copies its common options into
// KafkaRunOptions and calls run_kafka().

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sigil {
class Redactor;  // engine/alert/redaction.hpp
}

namespace sigil::cli {

struct KafkaRunOptions {
  // Common with the file mode (filled by cmd_run.cpp from its own options).
  std::vector<std::string> rules;
  std::string alert_format = "native";
  std::size_t threads = 0;
  std::size_t max_event_bytes = 1u << 20;
  std::size_t max_depth = 64;
  bool quiet = false;
  bool explain = false;
  std::int64_t lateness_ns = 30'000'000'000;
  std::size_t max_keys = 1u << 20;
  std::size_t max_state_memory = std::size_t{1} << 30;  // bytes, over all partitions; 0: no cap
  const Redactor* redactor = nullptr;  // --redact: masks the alerts; nullptr: none

  // Kafka only (registered by add_kafka_run_options).
  std::string brokers;
  std::vector<std::string> topics;
  std::string group;
  std::string alerts_topic;
  std::string dead_letter_topic;
  std::vector<std::string> properties;  // -X key=value
  std::string config_file;
  double stats_interval_s = 10;
  std::string stats_json;
  double shutdown_timeout_s = 30;
  std::size_t dead_letter_max_bytes = 900'000;
  std::string state_topic;        // empty: "<group>.sigil-state"
  double state_timeout_s = 30;    // to write a snapshot, and to read the state topic on assign
  double batch_linger_ms = 0;     // how long a partly filled batch waits for more; 0: adaptive
};

// Adds --brokers, --topic, --group, --alerts-topic, --dead-letter-topic, -X, --config,
// --stats-interval, --stats-json, --shutdown-timeout, --dead-letter-max-bytes, --state-topic,
// --state-timeout, --batch-linger-ms to `run`.
// The help group of those options; cmd_run refuses them without --topic.
inline constexpr const char* kKafkaOptionGroup = "Kafka (docs/kafka.md)";
void add_kafka_run_options(CLI::App& run, KafkaRunOptions& options);

// Runs until SIGINT/SIGTERM (or a delivery that failed for good). Exit code: 0 stopped cleanly
// (everything read was evaluated, produced, acknowledged and committed); 1 a message could not be
// delivered or the client failed fatally (offsets after it were not committed; a restart re-reads);
// 2 usage, rules or configuration errors (nothing was consumed).
int run_kafka(const KafkaRunOptions& options);

}  // namespace sigil::cli
