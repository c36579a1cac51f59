#pragma once
// The text of every rule file of one load, so diagnostics can quote the offending line.
// Append-only; an index stays valid for the life of the object. Not thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sigil::dsl {

class SourceFiles {
 public:
  struct File {
    std::string name;     // as given by the user (a path, or "<test>")
    std::string content;
    std::vector<std::uint32_t> line_starts;  // byte offset of each line
  };

  std::uint32_t add(std::string name, std::string content);
  const File& at(std::uint32_t index) const { return files_.at(index); }
  std::size_t size() const { return files_.size(); }
  // The text of a 1-based line, without its line terminator; empty when out of range.
  std::string_view line(std::uint32_t file, std::uint32_t line) const;

 private:
  std::vector<File> files_;
};

}  // namespace sigil::dsl
