#pragma once
// Append-only output to a file or stdout ("-"), written in large chunks with write(2).
// Thread safety: none; one pipeline stage owns a writer.

#include <string>
#include <string_view>

namespace sigil {

class FileWriter {
 public:
  // Opens (truncates) `path`; "-" is stdout. Throws std::system_error naming the path.
  explicit FileWriter(const std::string& path);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Writes all of `bytes`, retrying short writes. Throws std::system_error on failure.
  void write(std::string_view bytes);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_;
  bool owns_fd_;
};

}  // namespace sigil
