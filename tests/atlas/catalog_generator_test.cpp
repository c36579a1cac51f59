// The committed atlas/catalog.tsv must be exactly what tools/gen-atlas-catalog writes from the
// ATLAS data, and the binary must embed it byte for byte.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <stdlib.h>  // mkdtemp (POSIX)

#include <fmt/format.h>

#include "atlas/embedded_catalog.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("atlas catalog file - embedded text is the committed file") {
  std::string committed = read_file(fs::path(SIGIL_SOURCE_DIR) / "atlas" / "catalog.tsv");
  REQUIRE(!committed.empty());
  CHECK(sigil::atlas::embedded_catalog_text() == committed);
}

TEST_CASE("atlas catalog file - committed file matches the generator's output") {
  const fs::path source(SIGIL_SOURCE_DIR);
  const fs::path atlas_data = source.parent_path() / "shared" / "atlas";
  if (!fs::exists(atlas_data / "ATLAS.yaml")) {
    MESSAGE("skipped: no ATLAS data at " << atlas_data.string());
    return;
  }
  std::string directory = (fs::temp_directory_path() / "sigil-atlas-XXXXXX").string();
  REQUIRE(mkdtemp(directory.data()) != nullptr);
  const fs::path output = fs::path(directory) / "catalog.tsv";
  std::string command = fmt::format("python3 '{}' '{}' --output '{}' 2>&1",
                                    (source / "tools" / "gen-atlas-catalog").string(),
                                    atlas_data.string(), output.string());
  int status = std::system(command.c_str());
  REQUIRE(status == 0);
  std::string generated = read_file(output);
  fs::remove_all(directory);
  CHECK(!generated.empty());
  CHECK_MESSAGE(generated == read_file(source / "atlas" / "catalog.tsv"),
                "atlas/catalog.tsv is stale: run tools/gen-atlas-catalog and commit the result");
}
