// Every example and fixture that claims to be valid is valid against the schemas.
#include <doctest/doctest.h>

#include <filesystem>

#include "engine/validate/event_validator.hpp"

namespace fs = std::filesystem;

namespace {

// examples/*.jsonl not named bad*, and tests/**/fixtures/valid/*.jsonl.
std::vector<fs::path> valid_event_files() {
  std::vector<fs::path> files;
  const fs::path root = SIGIL_SOURCE_DIR;
  if (fs::is_directory(root / "examples"))
    for (const auto& entry : fs::recursive_directory_iterator(root / "examples"))
      if (entry.is_regular_file() && entry.path().extension() == ".jsonl" &&
          entry.path().filename().string().rfind("bad", 0) != 0)
        files.push_back(entry.path());
  for (const auto& entry : fs::recursive_directory_iterator(root / "tests"))
    if (entry.is_regular_file() && entry.path().extension() == ".jsonl" &&
        entry.path().parent_path().filename() == "valid" &&
        entry.path().parent_path().parent_path().filename() == "fixtures")
      files.push_back(entry.path());
  return files;
}

}  // namespace

TEST_CASE("examples - every line of every valid example and fixture file passes") {
  sigil::EventValidator validator;
  auto files = valid_event_files();
  // Our own fixture is always there, so this test checks events even before examples/ exists.
  REQUIRE_FALSE(files.empty());
  for (const fs::path& file : files) {
    auto errors = validator.validate_file(file.string());
    for (const auto& e : errors)
      FAIL_CHECK(std::string(file.string() + ":" + std::to_string(e.line) + ": [" + e.error.pointer +
                             "] " + e.error.message));
    CHECK_MESSAGE(errors.empty(), file.string());
  }
}
