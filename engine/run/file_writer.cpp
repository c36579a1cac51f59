#include "engine/run/file_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace sigil {

FileWriter::FileWriter(const std::string& path) : path_(path), fd_(1), owns_fd_(false) {
  if (path == "-") return;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path + " for writing");
  owns_fd_ = true;
}

FileWriter::~FileWriter() {
  if (owns_fd_) ::close(fd_);
}

void FileWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write to " + path_);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace sigil
