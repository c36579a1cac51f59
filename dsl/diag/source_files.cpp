#include "dsl/diag/source_files.hpp"

#include <utility>

namespace sigil::dsl {

std::uint32_t SourceFiles::add(std::string name, std::string content) {
  File file;
  file.name = std::move(name);
  file.content = std::move(content);
  // Only '\n' ends a line: CRLF files keep the '\r' in content, and line() strips it.
  file.line_starts.push_back(0);
  for (std::size_t i = 0; i < file.content.size(); ++i) {
    if (file.content[i] == '\n') file.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
  }
  files_.push_back(std::move(file));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string_view SourceFiles::line(std::uint32_t file, std::uint32_t line) const {
  if (file >= files_.size()) return {};
  const File& f = files_[file];
  if (line == 0 || line > f.line_starts.size()) return {};
  const std::size_t begin = f.line_starts[line - 1];
  std::size_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.content.size();
  if (end > begin && f.content[end - 1] == '\r') --end;
  return std::string_view(f.content).substr(begin, end - begin);
}

}  // namespace sigil::dsl
