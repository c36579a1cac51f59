// sigil-kafka: `sigil run` (Kafka mode only) and `sigil produce`, built from the same sources as
// the `sigil` binary, so the Kafka tests run before (and without) engine/cli wiring them into
// `sigil`. The scripts prefer `sigil` when its `run` knows --topic.
#include <CLI/CLI.hpp>

#include <memory>

#include <fmt/core.h>

#include "engine/cli/cmd_run_kafka.hpp"
#include "engine/cli/commands.hpp"

namespace sigil::cli {
void add_produce_command(CLI::App& app, CommandAction& action);
}

int main(int argc, char** argv) {
  CLI::App app{"sigil-kafka: the Kafka commands of sigil (tests)", "sigil-kafka"};
  app.require_subcommand(1);
  sigil::cli::CommandAction action;
  auto options = std::make_shared<sigil::cli::KafkaRunOptions>();
  std::string lateness_s = "30";
  CLI::App* run = app.add_subcommand("run", "sigil run, Kafka mode");
  run->add_option("--rules", options->rules)->expected(1, -1);
  run->add_option("--alert-format", options->alert_format)->check(CLI::IsMember({"native", "ocsf"}));
  run->add_option("--threads", options->threads);
  run->add_option("--max-event-bytes", options->max_event_bytes);
  run->add_option("--lateness-seconds", lateness_s);
  run->add_flag("-q,--quiet", options->quiet);
  sigil::cli::add_kafka_run_options(*run, *options);
  run->callback([&] {
    options->lateness_ns = static_cast<std::int64_t>(std::stod(lateness_s) * 1e9);
    action = [options] { return sigil::cli::run_kafka(*options); };
  });
  sigil::cli::add_produce_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    fmt::print(stderr, "sigil-kafka: {}\n", e.what());
    return 2;
  }
  try {
    return action ? action() : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sigil-kafka: {}\n", e.what());
    return 2;
  }
}
