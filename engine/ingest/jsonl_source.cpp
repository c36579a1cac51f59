// JsonlSource: read(2) blocks into `pending_`, split on '\n', copy each kept line once into the
// batch. A line that does not end in the current block stays at the front of `pending_` for the
// next read; a line too long to keep is cut and the rest of it is read and thrown away block by
// block, so `pending_` never holds more than keep_bytes + block_bytes.
//
// Decisions the Source contract leaves open:
//  - A record is added only while the batch stays within max_bytes, except that an empty batch
//    always takes one record; so a batch exceeds max_bytes only when it is that single record.
//  - Lines whose content is longer than keep_bytes are always records (even if all blank):
//    deciding would mean reading the discarded part.
//  - A batch may hold blank lines and no record (e.g. a file of empty lines), so that the blank
//    count is not lost; read() returns false only when it consumed nothing at all.

#include "engine/ingest/jsonl_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace sigil {
namespace {

bool is_blank(const char* begin, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    const char c = begin[i];
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Length of a line's content: the bytes before '\n' without a trailing '\r'.
std::size_t content_length(const char* begin, std::size_t raw_length) {
  return raw_length > 0 && begin[raw_length - 1] == '\r' ? raw_length - 1 : raw_length;
}

}  // namespace

JsonlSource::JsonlSource(int fd, bool owns_fd, std::uint32_t source_id, Options options)
    : fd_(fd), owns_fd_(owns_fd), source_id_(source_id), options_(options) {
  // A zero-byte read(2) would look like end of file.
  options_.block_bytes = std::max<std::size_t>(options_.block_bytes, 1);
}

JsonlSource JsonlSource::open(const std::string& path, std::uint32_t source_id, Options options) {
  if (path == "-") return JsonlSource(STDIN_FILENO, false, source_id, options);
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path);
  // A directory opens fine and fails only at the first read; say so now, with the path.
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw std::system_error(EISDIR, std::generic_category(), "cannot read " + path);
  }
  return JsonlSource(fd, true, source_id, options);
}

JsonlSource::JsonlSource(JsonlSource&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      owns_fd_(std::exchange(other.owns_fd_, false)),
      source_id_(other.source_id_),
      options_(other.options_),
      pending_(std::move(other.pending_)),
      pending_pos_(std::exchange(other.pending_pos_, 0)),
      pending_end_(std::exchange(other.pending_end_, 0)),
      eof_(other.eof_),
      line_(other.line_),
      bytes_read_(other.bytes_read_) {}

JsonlSource::~JsonlSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

bool JsonlSource::fill() {
  if (eof_) return false;
  // Move the unfinished line to the front. Once it is there, pending_pos_ is 0 and further
  // reads for the same long line append without moving anything.
  if (pending_pos_ > 0) {
    std::memmove(pending_.data(), pending_.data() + pending_pos_, pending_end_ - pending_pos_);
    pending_end_ -= pending_pos_;
    pending_pos_ = 0;
  }
  const std::size_t kept = pending_end_;
  // The buffer only grows (std::string zero-fills what it grows by: once, not per block).
  if (pending_.size() < kept + options_.block_bytes) pending_.resize(kept + options_.block_bytes);
  ssize_t n;
  do {
    n = ::read(fd_, pending_.data() + kept, options_.block_bytes);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    const int error = errno;
    throw std::system_error(error, std::generic_category(),
                            "reading JSON Lines source " + std::to_string(source_id_));
  }
  pending_end_ = kept + static_cast<std::size_t>(n);
  bytes_read_ += static_cast<std::uint64_t>(n);
  if (n == 0) eof_ = true;
  return n > 0;
}

bool JsonlSource::read(RawBatch& batch, const ReadLimits& limits) {
  batch.clear();
  const std::size_t max_records = std::max<std::size_t>(limits.max_records, 1);
  const std::size_t keep = options_.keep_bytes;
  auto position = [&] { return SourcePosition{source_id_, -1, line_}; };  // of the current line

  // Adds the line [begin, begin + raw_length) unless it would overflow max_bytes; false then,
  // and the line stays unconsumed for the next batch.
  auto take = [&](const char* begin, std::size_t raw_length) {
    const std::size_t length = content_length(begin, raw_length);
    if (length <= keep && is_blank(begin, length)) {
      ++line_;
      ++batch.blank_lines;
      return true;
    }
    const std::size_t kept = std::min(length, keep);
    if (!batch.records.empty() && batch.bytes.size() + kept > limits.max_bytes) return false;
    ++line_;
    batch.records.push_back(RawRecord{batch.bytes.size(), kept, length, position()});
    batch.bytes.append(begin, kept);
    return true;
  };

  // For a line cut at keep_bytes: consumes the rest of it, through its newline, reading block by
  // block and keeping none of it. Returns the line's content length.
  auto discard_rest_of_line = [&] {
    std::size_t raw_length = pending_end_ - pending_pos_;
    char last = pending_[pending_end_ - 1];
    pending_pos_ = pending_end_;
    while (fill()) {  // nothing unconsumed is left, so each fill() holds only the new block
      const void* newline = std::memchr(pending_.data(), '\n', pending_end_);
      const std::size_t used =
          newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - pending_.data())
                  : pending_end_;
      raw_length += used;
      if (used > 0) last = pending_[used - 1];
      pending_pos_ = newline ? used + 1 : used;
      if (newline) break;
    }
    return last == '\r' ? raw_length - 1 : raw_length;
  };

  while (batch.records.size() < max_records) {
    const char* begin = pending_.data() + pending_pos_;
    const std::size_t available = pending_end_ - pending_pos_;
    if (const void* newline = std::memchr(begin, '\n', available)) {
      const auto raw_length = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
      if (!take(begin, raw_length)) return true;
      pending_pos_ += raw_length + 1;
    } else if (eof_) {
      if (available == 0) break;
      if (!take(begin, available)) return true;  // the last line had no newline
      pending_pos_ += available;
    } else if (available > keep) {
      // The kept prefix is complete; the rest only needs counting. (If the line turns out to be
      // exactly keep_bytes plus "\r\n", its original_length equals its length, as it should.)
      if (!batch.records.empty() && batch.bytes.size() + keep > limits.max_bytes) return true;
      ++line_;
      batch.records.push_back(RawRecord{batch.bytes.size(), keep, 0, position()});
      batch.bytes.append(begin, keep);
      batch.records.back().original_length = discard_rest_of_line();
    } else {
      fill();
    }
  }
  return !batch.records.empty() || batch.blank_lines > 0;
}

}  // namespace sigil
