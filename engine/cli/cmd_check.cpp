// `sigil check`: load rule files and report every problem, without running anything.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "dsl/check/load_rules.hpp"
#include "engine/cli/commands.hpp"

namespace sigil::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  bool strict = false;
  std::string format = "text";
};

bool has_io_error(const dsl::Diagnostics& diagnostics) {
  const auto& all = diagnostics.all();
  return std::any_of(all.begin(), all.end(), [](const dsl::Diagnostic& d) { return d.code == "E-IO"; });
}

// Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors in the rules, 2 a path
// could not be read (the other files are still checked and reported).
int check(const CheckOptions& options) {
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules(options.paths, {options.strict}, diagnostics);
  diagnostics.sort();
  if (options.format == "json") {
    fmt::print("{}\n", dsl::render_json(diagnostics.all(), rules.files));
  } else {
    for (const dsl::Diagnostic& diagnostic : diagnostics.all())
      fmt::print("{}", dsl::render_text(diagnostic, rules.files));
  }
  std::size_t errors = diagnostics.error_count(), warnings = diagnostics.warning_count();
  fmt::print(stderr, "{} rule{} in {} file{}: {} error{}, {} warning{}\n", rules.rules_read,
             rules.rules_read == 1 ? "" : "s", rules.files_parsed, rules.files_parsed == 1 ? "" : "s", errors,
             errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  if (has_io_error(diagnostics)) return 2;
  return errors == 0 ? 0 : 1;
}

}  // namespace

void add_check_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check rule files: parse, resolve fields, lists and macros, report problems.");
  cmd->add_option("paths", options->paths, "rule files, or directories searched for *.sigil")->required();
  cmd->add_flag("--strict", options->strict, "treat warnings as errors");
  cmd->add_option("--format", options->format, "diagnostics as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->footer(
      "Prints every problem as FILE:LINE:COL: severity[CODE]: message, with the line, a caret and hints\n"
      "(codes: docs/rule-checks.md), then a summary on stderr. Exit 0 when there is no error, 1 when\n"
      "there are errors, 2 on usage errors or a path that cannot be read.\n"
      "Examples:\n"
      "  sigil check rules/\n"
      "  sigil check --strict --format json rules/ site.sigil");
  cmd->callback([&action, options] { action = [options] { return check(*options); }; });
}

}  // namespace sigil::cli
