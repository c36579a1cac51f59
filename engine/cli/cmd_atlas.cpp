// `sigil atlas [--format text|json] [ID | WORDS...]`: look up MITRE ATLAS tactics and techniques.
// A thin wrapper: atlas/print_atlas.hpp decides what is printed and the exit code.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "atlas/print_atlas.hpp"
#include "engine/cli/commands.hpp"

namespace sigil::cli {

void add_atlas_command(CLI::App& app, CommandAction& action) {
  struct Options {
    atlas::AtlasQuery query;
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "atlas", "Show MITRE ATLAS tactics, one technique by id, or the techniques matching words");
  command->add_option("query", options->query.words,
                      "A technique or tactic id (AML.T0051, AML.TA0005) or words to search for "
                      "in ids and names; none lists the tactics");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->callback([&action, options] {
    options->query.format =
        options->format == "json" ? atlas::OutputFormat::json : atlas::OutputFormat::text;
    action = [options] {
      std::string out;
      std::string err;
      int code = atlas::print_atlas(atlas::AtlasCatalog::builtin(), options->query, out, err);
      std::fwrite(out.data(), 1, out.size(), stdout);
      std::fwrite(err.data(), 1, err.size(), stderr);
      return code;
    };
  });
}

}  // namespace sigil::cli
