// `sigil validate`: full JSON Schema validation of telemetry files, line by line.
#include <CLI/CLI.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "engine/cli/commands.hpp"
#include "engine/validate/event_validator.hpp"

namespace sigil::cli {
namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  std::size_t max_errors = 100;
};

int validate(const ValidateOptions& options) {
  EventValidator validator;
  std::size_t total_errors = 0;
  std::size_t shown = 0;
  for (const std::string& path : options.files) {
    std::vector<LineError> errors;
    try {
      errors = validator.validate_file(path);
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "sigil validate: {}\n", e.what());
      return 2;
    }
    for (const LineError& e : errors) {
      if (shown++ < options.max_errors)
        fmt::print("{}:{}: {}{}{}\n", path, e.line, e.error.pointer.empty() ? "" : e.error.pointer,
                   e.error.pointer.empty() ? "" : ": ", e.error.message);
    }
    total_errors += errors.size();
  }
  if (total_errors > options.max_errors)
    fmt::print("... {} more errors not shown (--max-errors)\n", total_errors - options.max_errors);
  fmt::print(stderr, "sigil validate: {} file(s), {} error(s)\n", options.files.size(), total_errors);
  return total_errors == 0 ? 0 : 1;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Validate telemetry (JSON Lines) against the event schemas, including enumerations.");
  cmd->add_option("files", options->files, "JSON Lines files")->required();
  cmd->add_option("--max-errors", options->max_errors, "errors to print at most")->capture_default_str();
  cmd->footer(
      "Prints FILE:LINE: /json/pointer: message for each problem. Exit 0 when every line is valid,\n"
      "1 when any is not, 2 when a file cannot be read.\n"
      "Example:\n"
      "  sigil validate examples/telemetry.jsonl");
  cmd->callback([&action, options] { action = [options] { return validate(*options); }; });
}

}  // namespace sigil::cli
