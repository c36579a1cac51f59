// sigil: one binary, one subcommand per job (engine/cli/commands.hpp).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string_view>

#include <fmt/core.h>

#include "engine/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Sigil: streaming detection engine for AI-application security telemetry.", "sigil"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  sigil run --rules rules/ --input examples/telemetry.jsonl --dead-letter rejected.jsonl\n"
      "  sigil run --rules rules/ --brokers 127.0.0.1:9092 --topic ai-telemetry --group sigil \\\n"
      "            --alerts-topic sigil-alerts --dead-letter-topic sigil-dead-letters\n"
      "  sigil produce --brokers 127.0.0.1:9092 --topic ai-telemetry examples/telemetry.jsonl\n"
      "  sigil validate examples/telemetry.jsonl\n"
      "  sigil check --strict rules/\n"
      "  sigil plan rules/\n"
      "  sigil test rules/ --require-tests 2\n"
      "  sigil atlas AML.T0051\n"
      "  sigil coverage rules/ --format navigator --output layer.json\n"
      "Run `sigil <command> --help` for the options of one command.");

  sigil::cli::CommandAction action;
  sigil::cli::add_run_command(app, action);
  sigil::cli::add_check_command(app, action);
  sigil::cli::add_plan_command(app, action);
  sigil::cli::add_test_command(app, action);
  sigil::cli::add_produce_command(app, action);
  sigil::cli::add_validate_command(app, action);
  sigil::cli::add_atlas_command(app, action);
  sigil::cli::add_coverage_command(app, action);
  sigil::cli::add_version_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    fmt::print(stderr, "sigil: {} (see `sigil --help`)\n", e.what());
    // `sigil test` reserves 2 for rules and fixtures that do not compile (docs/rule-tests.md).
    if (argc > 1 && std::string_view(argv[1]) == "test") return 3;
    return 2;
  }
  if (!action) return 0;
  try {
    return action();
  } catch (const std::exception& e) {
    fmt::print(stderr, "sigil: {}\n", e.what());
    return 2;
  }
}
