// `sigil produce`: replay JSON Lines files into a Kafka topic, one message per non-blank line,
// keyed by the event's session.id (docs/kafka.md), with the same -X / --config as `sigil run`.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/core.h>

#include "engine/cli/commands.hpp"
#include "engine/kafka/json_peek.hpp"
#include "engine/kafka/producer.hpp"

namespace sigil::cli {
namespace {

struct ProduceOptions {
  std::string brokers;
  std::string topic;
  std::vector<std::string> files;
  std::vector<std::string> properties;
  std::string config_file;
  double rate = 0;       // messages per second; 0: as fast as possible
  std::size_t repeat = 1;
  bool quiet = false;
};

int produce(const ProduceOptions& options) {
  kafka::ClientConfig config;
  config.brokers = options.brokers;
  if (!options.config_file.empty())
    if (std::string error = kafka::load_config_file(config, options.config_file); !error.empty()) {
      fmt::print(stderr, "sigil produce: --config {}\n", error);
      return 2;
    }
  for (const std::string& p : options.properties)
    if (std::string error = kafka::add_property(config, p); !error.empty()) {
      fmt::print(stderr, "sigil produce: -X: {}\n", error);
      return 2;
    }
  static const std::atomic<bool> never{false};
  std::optional<kafka::Producer> producer;
  try {
    producer.emplace(config, nullptr, never, std::chrono::milliseconds(0));
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "sigil produce: {}\n", e.what());
    return 2;
  }
  // Connect first: a message produced while the client is still connecting (and, idempotent,
  // fetching its producer id) would carry a timestamp from before any broker could take it, which
  // --rate latency measurements would count as latency. Not fatal: librdkafka keeps trying.
  if (!producer->connect(options.topic, std::chrono::seconds(10)) && !options.quiet)
    fmt::print(stderr, "sigil produce: no metadata for {} within 10 s; producing anyway\n", options.topic);
  auto started = std::chrono::steady_clock::now();
  std::uint64_t sent = 0, unkeyed = 0;
  std::string line;
  for (std::size_t round = 0; round < options.repeat; ++round)
    for (const std::string& path : options.files) {
      std::ifstream in(path == "-" ? "/dev/stdin" : path, std::ios::binary);
      if (!in) {
        fmt::print(stderr, "sigil produce: {}: cannot open\n", path);
        return 2;
      }
      while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::optional<std::string> session = kafka::peek_session_id(line);
        if (!session) ++unkeyed;
        std::optional<std::string_view> key;
        if (session) key = *session;
        producer->produce(options.topic, key, line, {}, kafka::Producer::Kind::event);
        ++sent;
        if (options.rate > 0) {
          auto due = started + std::chrono::duration<double>(static_cast<double>(sent) / options.rate);
          if (due > std::chrono::steady_clock::now()) {
            producer->poll(0);
            std::this_thread::sleep_until(due);
          }
        } else if (sent % 1024 == 0) {
          producer->poll(0);
        }
      }
    }
  // Until every message is acknowledged, or the brokers refused our credentials (reported once).
  const kafka::BrokerState& brokers = producer->broker_state();
  while (producer->outstanding() > 0 && !brokers.fatal()) producer->flush(std::chrono::milliseconds(200));
  if (brokers.fatal()) {
    fmt::print(stderr, "sigil produce: stopped: {} of {} messages not delivered\n", producer->outstanding(), sent);
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options.quiet)
    fmt::print(stderr, "sigil produce: {} messages to {} in {:.2f} s ({:.0f}/s), {} without session.id (no key), {} failed\n",
               sent, options.topic, seconds, seconds > 0 ? static_cast<double>(sent) / seconds : 0.0, unkeyed,
               producer->failed());
  return producer->failed() == 0 ? 0 : 1;
}

}  // namespace

void add_produce_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<ProduceOptions>();
  CLI::App* cmd = app.add_subcommand("produce", "Replay JSON Lines files into a Kafka topic, keyed by session.id.");
  cmd->add_option("--brokers", options->brokers, "Kafka bootstrap servers HOST:PORT[,...]");
  cmd->add_option("--topic", options->topic, "topic to write to")->required();
  cmd->add_option("-X", options->properties, "librdkafka property key=value (value env:NAME reads $NAME)");
  cmd->add_option("--config", options->config_file, "librdkafka properties file: key=value lines");
  cmd->add_option("--rate", options->rate, "messages per second (default: as fast as the broker takes them)");
  cmd->add_option("--repeat", options->repeat, "send the files this many times")->capture_default_str();
  cmd->add_flag("-q,--quiet", options->quiet, "no summary on stderr");
  cmd->add_option("files", options->files, "JSON Lines files (- for stdin)")->required()->expected(1, -1);
  cmd->footer(
      "Examples:\n"
      "  sigil produce --brokers 127.0.0.1:9092 --topic telemetry examples/telemetry.jsonl\n"
      "  sigil produce --brokers kafka:9093 --topic telemetry -X security.protocol=SASL_SSL \\\n"
      "      -X sasl.mechanism=SCRAM-SHA-512 -X sasl.username=sigil -X sasl.password=env:SIGIL_SASL_PASSWORD events.jsonl\n"
      "Each non-blank line is one message; its key is the event's session.id (no key without one).\n"
      "Defaults acks=all, enable.idempotence=true. Exit 0 when every message was acknowledged.");
  cmd->callback([&action, options] { action = [options] { return produce(*options); }; });
}

}  // namespace sigil::cli
