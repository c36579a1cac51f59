// `sigil coverage [PATH...] [--format table|markdown|json|navigator] [--output FILE]`: the MITRE
// ATLAS techniques the rules tag, by tactic. Loads and checks the rules like `sigil plan`; the
// computation and every output format are in atlas/coverage.hpp.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "atlas/coverage.hpp"
#include "dsl/check/load_rules.hpp"
#include "engine/cli/commands.hpp"

namespace sigil::cli {
namespace {

struct CoverageOptions {
  std::vector<std::string> paths{"rules/"};
  std::string format = "table";
  std::string output;  // empty: stdout
};

atlas::CoverageFormat parse_format(const std::string& name) {
  if (name == "markdown") return atlas::CoverageFormat::markdown;
  if (name == "json") return atlas::CoverageFormat::json;
  if (name == "navigator") return atlas::CoverageFormat::navigator;
  return atlas::CoverageFormat::table;
}

std::vector<atlas::TaggedRule> tagged_rules(const dsl::check::RuleSet& rules) {
  std::vector<atlas::TaggedRule> tagged;
  tagged.reserve(rules.rules.size());
  for (const dsl::check::CheckedRule& rule : rules.rules) {
    atlas::TaggedRule& entry = tagged.emplace_back();
    entry.id = rule.id;
    for (const atlas::Technique* technique : rule.atlas) entry.techniques.push_back(technique->id);
  }
  return tagged;
}

bool has_io_error(const dsl::Diagnostics& diagnostics) {
  for (const dsl::Diagnostic& d : diagnostics.all()) {
    if (d.code == "E-IO") return true;
  }
  return false;
}

int coverage(const CoverageOptions& options) {
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules(options.paths, {}, diagnostics);
  diagnostics.sort();
  for (const dsl::Diagnostic& d : diagnostics.all()) fmt::print(stderr, "{}", dsl::render_text(d, rules.files));
  if (diagnostics.has_errors()) {
    fmt::print(stderr, "sigil coverage: the rules have errors (see `sigil check`)\n");
    return has_io_error(diagnostics) ? 2 : 1;
  }
  std::vector<atlas::TaggedRule> tagged = tagged_rules(rules);
  std::string text = atlas::render_coverage(atlas::compute_coverage(atlas::AtlasCatalog::builtin(), tagged),
                                            parse_format(options.format));
  if (options.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::ofstream file(options.output, std::ios::binary);
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  file.close();
  if (!file) {
    fmt::print(stderr, "sigil coverage: cannot write {}\n", options.output);
    return 2;
  }
  fmt::print(stderr, "sigil coverage: wrote {} ({} rules)\n", options.output, tagged.size());
  return 0;
}

}  // namespace

void add_coverage_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<CoverageOptions>();
  CLI::App* cmd = app.add_subcommand("coverage", "Show the MITRE ATLAS techniques the rules tag, by tactic.");
  cmd->add_option("paths", options->paths, "rule files, or directories searched for *.sigil")
      ->capture_default_str();
  cmd->add_option("--format", options->format,
                  "table or markdown (people), json (scripts), navigator (an ATLAS Navigator layer)")
      ->check(CLI::IsMember({"table", "markdown", "json", "navigator"}))
      ->capture_default_str();
  cmd->add_option("--output", options->output, "write to FILE instead of standard output");
  cmd->footer(
      "Every technique and sub-technique of each tactic, in matrix order, with the number of rules\n"
      "tagging it; a technique with sub-techniques also shows the sum of theirs. A rule counts for\n"
      "the techniques it tags, as written. Rules with errors: diagnostics and exit 1.\n"
      "Examples:\n"
      "  sigil coverage\n"
      "  sigil coverage rules/ --format markdown\n"
      "  sigil coverage rules/ --format navigator --output sigil-atlas-layer.json");
  cmd->callback([&action, options] { action = [options] { return coverage(*options); }; });
}

}  // namespace sigil::cli
