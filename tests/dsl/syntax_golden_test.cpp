// Golden parse cases: for each tests/dsl/golden/parse/NAME.sigil, NAME.expected holds the exact
// rendered diagnostics (empty for a clean file). SIGIL_UPDATE_GOLDEN=1 rewrites the .expected
// files from the current output; review the diff before committing.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/syntax/parser.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string rendered_diagnostics(const fs::path& sigil) {
  sigil::dsl::SourceFiles files;
  sigil::dsl::Diagnostics diagnostics;
  const auto index = files.add(sigil.filename().string(), read_file(sigil));
  sigil::dsl::syntax::parse_file(files, index, diagnostics);
  std::string out;
  for (const auto& d : diagnostics.all()) out += sigil::dsl::render_text(d, files);
  return out;
}

}  // namespace

TEST_CASE("syntax: golden parse cases") {
  const fs::path dir = fs::path(SIGIL_SOURCE_DIR) / "tests/dsl/golden/parse";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sigil") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 20);
  const char* update = std::getenv("SIGIL_UPDATE_GOLDEN");
  std::size_t broken = 0;
  for (const fs::path& sigil : cases) {
    fs::path expected_path = sigil;
    expected_path.replace_extension(".expected");
    const std::string actual = rendered_diagnostics(sigil);
    if (update != nullptr && std::string(update) == "1") {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    CAPTURE(sigil.filename().string());
    REQUIRE_MESSAGE(fs::exists(expected_path), "missing " << expected_path.string());
    CHECK(actual == read_file(expected_path));
    if (!actual.empty()) ++broken;
  }
  if (update == nullptr) CHECK(broken >= 15);
}
