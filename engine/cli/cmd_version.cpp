#include <CLI/CLI.hpp>
#include <librdkafka/rdkafka.h>
#include <oneapi/tbb/version.h>
#include <rapidjson/rapidjson.h>
#include <tao/pegtl/version.hpp>

#include <fmt/core.h>

#include "atlas/atlas_catalog.hpp"
#include "engine/cli/commands.hpp"

namespace sigil::cli {

void add_version_command(CLI::App& app, CommandAction& action) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version of sigil, its libraries and data.");
  cmd->callback([&action] {
    action = [] {
      fmt::print("sigil {}\n", SIGIL_VERSION);
      fmt::print("  MITRE ATLAS data {}\n", atlas::AtlasCatalog::builtin().version());
      fmt::print("  librdkafka {}\n", rd_kafka_version_str());
      fmt::print("  oneTBB {}\n", TBB_runtime_version());
      fmt::print("  RapidJSON {}\n", RAPIDJSON_VERSION_STRING);
      fmt::print("  PEGTL {}\n", TAO_PEGTL_VERSION);
      fmt::print("  fmt {}.{}.{}\n", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
      return 0;
    };
  });
}

}  // namespace sigil::cli
