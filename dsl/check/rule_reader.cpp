#include "dsl/check/rule_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "dsl/syntax/parser.hpp"

namespace sigil::dsl::check {
namespace {

namespace fs = std::filesystem;

void report_io(const std::string& path, const std::string& why, SourceFiles& files, Diagnostics& diagnostics) {
  SourceSpan span;
  span.file = files.add(path, "");
  diagnostics.error("E-IO", span, fmt::format("cannot read `{}`: {}", path, why));
}

// The *.sigil files below `dir`, sorted, so that load order does not depend on the file system.
std::vector<std::string> rule_files_below(const fs::path& dir, std::error_code& error) {
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, error);
  for (fs::recursive_directory_iterator end; !error && it != end; it.increment(error))
    if (it->path().extension() == ".sigil" && it->is_regular_file(error)) found.push_back(it->path().string());
  std::sort(found.begin(), found.end());
  return found;
}

void read_one(const std::string& path, SourceFiles& files, Diagnostics& diagnostics, ReadResult& result) {
  std::ifstream in(path, std::ios::binary);
  std::string content;
  if (in) content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    std::error_code exists_error;
    report_io(path, fs::exists(path, exists_error) ? "permission denied or not a regular file" : "no such file",
              files, diagnostics);
    result.io_error = true;
    return;
  }
  std::uint32_t index = files.add(path, std::move(content));
  result.files.push_back(syntax::parse_file(files, index, diagnostics));
}

}  // namespace

ReadResult read_rule_files(const std::vector<std::string>& paths, SourceFiles& files, Diagnostics& diagnostics) {
  ReadResult result;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found = rule_files_below(path, error);
      if (error) {
        report_io(path, error.message(), files, diagnostics);
        result.io_error = true;
      }
      for (const std::string& file : found) read_one(file, files, diagnostics, result);
    } else {
      read_one(path, files, diagnostics, result);
    }
  }
  return result;
}

}  // namespace sigil::dsl::check
