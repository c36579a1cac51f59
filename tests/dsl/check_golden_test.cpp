// Golden tests of the checker's diagnostics: tests/dsl/golden/check/NAME.sigil (one file) or
// NAME/ (several files, loaded in name order) -> NAME.expected, the exact text `sigil check`
// prints. SIGIL_UPDATE_GOLDEN=1 rewrites the expected files; review the diff like code.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "dsl/check_support.hpp"

namespace {

namespace fs = std::filesystem;
using sigil::dsl::check::testing::check_texts;

const fs::path kTestsDir = fs::path(SIGIL_SOURCE_DIR) / "tests" / "dsl";
const fs::path kGoldenDir = kTestsDir / "golden" / "check";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::pair<std::string, std::string>> case_files(const fs::path& entry) {
  std::vector<fs::path> paths;
  if (fs::is_directory(entry)) {
    for (const auto& file : fs::directory_iterator(entry))
      if (file.path().extension() == ".sigil") paths.push_back(file.path());
    std::sort(paths.begin(), paths.end());
  } else {
    paths.push_back(entry);
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const fs::path& path : paths) out.emplace_back(fs::relative(path, kTestsDir).generic_string(), read(path));
  return out;
}

}  // namespace

TEST_CASE("check golden files: every case prints exactly its expected diagnostics") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kGoldenDir))
    if (entry.is_directory() || entry.path().extension() == ".sigil") cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);
  const bool update = std::getenv("SIGIL_UPDATE_GOLDEN") && std::string(std::getenv("SIGIL_UPDATE_GOLDEN")) == "1";
  for (const fs::path& path : cases) {
    fs::path expected_path = path.parent_path() / (path.stem().string() + ".expected");
    std::string actual = check_texts(case_files(path)).text();
    CAPTURE(path.filename().string());
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected_path), "missing golden file (SIGIL_UPDATE_GOLDEN=1 writes it)");
    CHECK(actual == read(expected_path));
  }
}
