#pragma once
// JSON Lines from a file descriptor (a file or stdin), read in large blocks with read(2), split on
// '\n' (a trailing '\r' is dropped). Lines longer than `keep_bytes` are cut to that length and
// marked truncated (RawRecord::original_length keeps the true size), so one enormous line cannot
// take unbounded memory; the normalizer dead-letters it as too large.

#include <cstdint>
#include <string>

#include "engine/ingest/source.hpp"

namespace sigil {

// Declared outside JsonlSource because g++ cannot use a nested struct's default member
// initializers (for `Options options = {}` below) before the enclosing class is complete.
struct JsonlSourceOptions {
  std::size_t block_bytes = 1u << 20;   // size of each read(2)
  std::size_t keep_bytes = 16u << 20;   // longest line kept whole
};

class JsonlSource final : public Source {
 public:
  using Options = JsonlSourceOptions;

  // Reads from `fd` (not closed here when `owns_fd` is false). `source_id` indexes the SourceTable.
  JsonlSource(int fd, bool owns_fd, std::uint32_t source_id, Options options);
  JsonlSource(int fd, bool owns_fd, std::uint32_t source_id) : JsonlSource(fd, owns_fd, source_id, Options{}) {}
  // Opens a path; "-" is stdin. Throws std::system_error naming the path when it cannot be opened.
  static JsonlSource open(const std::string& path, std::uint32_t source_id, Options options = {});

  JsonlSource(JsonlSource&& other) noexcept;
  JsonlSource& operator=(JsonlSource&&) = delete;
  ~JsonlSource() override;

  bool read(RawBatch& batch, const ReadLimits& limits) override;

  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool fill();  // reads one block into pending_; false at end of file

  int fd_;
  bool owns_fd_;
  std::uint32_t source_id_;
  Options options_;
  std::string pending_;          // [pending_pos_, pending_end_): read but not yet split; the rest is room
  std::size_t pending_pos_ = 0;
  std::size_t pending_end_ = 0;
  bool eof_ = false;
  std::int64_t line_ = 0;        // lines consumed so far
  std::uint64_t bytes_read_ = 0;
};

}  // namespace sigil
