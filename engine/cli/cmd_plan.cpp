// `sigil plan`: compile rules and print the evaluation graph.
#include <CLI/CLI.hpp>

#include <memory>

#include <fmt/core.h>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "engine/cli/commands.hpp"
#include "engine/eval/describe_graph.hpp"

namespace sigil::cli {
namespace {

struct PlanOptions {
  std::vector<std::string> paths;
};

int plan(const PlanOptions& options) {
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules(options.paths, {}, diagnostics);
  std::unique_ptr<eval::RuleGraph> graph;
  dsl::CompileStats stats;
  if (!diagnostics.has_errors()) graph = dsl::compile_rules(rules, diagnostics, &stats);
  diagnostics.sort();
  for (const dsl::Diagnostic& d : diagnostics.all()) fmt::print(stderr, "{}", dsl::render_text(d, rules.files));
  if (!graph) {
    fmt::print(stderr, "sigil plan: the rules have errors (see `sigil check`)\n");
    return 1;
  }
  fmt::print("{}", eval::describe_graph(*graph));
  fmt::print(stderr, "sigil plan: {} rules, {} predicates written, {} after sharing, compiled in {:.3f} s\n",
             stats.rules, stats.predicates_written, stats.predicates, stats.seconds);
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "Compile rules and print the evaluation graph.");
  cmd->add_option("paths", options->paths, "rule files or directories")->required();
  cmd->footer(
      "Shows the rules per event kind, the pattern sets matched in one pass per field, the\n"
      "predicates shared by several rules, and each rule's condition tree.\n"
      "Example:\n"
      "  sigil plan rules/");
  cmd->callback([&action, options] { action = [options] { return plan(*options); }; });
}

}  // namespace sigil::cli
