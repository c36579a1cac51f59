#pragma once
// A batch of undecoded records as a Source read them: one contiguous byte buffer and the
// extent and position of each record in it. Batches are recycled, so clear() keeps capacity.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event/source_position.hpp"

namespace sigil {

struct RawRecord {
  std::size_t offset = 0;           // into RawBatch::bytes
  std::size_t length = 0;           // bytes kept in the buffer (without the line terminator)
  std::size_t original_length = 0;  // bytes the record had; > length when the source truncated it
  SourcePosition position;
};

struct RawBatch {
  std::string bytes;
  std::vector<RawRecord> records;
  std::uint64_t blank_lines = 0;    // empty or whitespace-only lines skipped (not events)

  std::string_view record_bytes(const RawRecord& record) const {
    return std::string_view(bytes).substr(record.offset, record.length);
  }
  void clear() {
    bytes.clear();
    records.clear();
    blank_lines = 0;
  }
};

}  // namespace sigil
