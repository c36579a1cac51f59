#pragma once
// Where an event came from: a line of a file, or a Kafka topic/partition/offset.
// Sources are named once in a SourceTable; positions carry only the index, so no
// string is built per event.

#include <cstdint>
#include <string>
#include <vector>

namespace sigil {

struct SourcePosition {
  std::uint32_t source = 0;     // index into the SourceTable
  std::int32_t partition = -1;  // Kafka partition; -1 for files and stdin
  std::int64_t offset = 0;      // 1-based line number for files, Kafka offset otherwise
};

// Names of the sources of one run. Append-only during set-up; read-only while events flow.
class SourceTable {
 public:
  enum class Type : std::uint8_t { file, kafka };
  struct Entry {
    Type type;
    std::string name;  // file path ("-" is stdin) or topic
  };

  std::uint32_t add(Type type, std::string name) {
    entries_.push_back({type, std::move(name)});
    return static_cast<std::uint32_t>(entries_.size() - 1);
  }
  const Entry& at(std::uint32_t index) const { return entries_.at(index); }
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace sigil
