#pragma once
// Snapshot encoding: a tiny binary writer and a bounds-checked reader, so that every state
// primitive can be shipped between processes (write_to(Writer&) / read_from(Reader&)).
//
// Format: a sequence of records. A record starts with a tag byte (which class) and a format
// version byte, then the class's fields:
//   varint   unsigned LEB128, at most 10 bytes; overlong or overflowing encodings are rejected
//   i64      zigzag, then varint
//   f64      the IEEE-754 bit pattern, 8 bytes little-endian
//   bytes    varint length, then the bytes (length checked against what is left)
//   count    varint element count, checked against what is left (count * minimum encoded size
//            of an element <= remaining bytes) before anything is reserved
// Classes check their invariants after reading (order of times, caps, duplicate keys) and
// reject what they could not have written. The reader never trusts a length.
//
// Errors: the first failure is kept as text with its byte offset ("truncated at byte 17: ...");
// every later call fails. read_from() functions return false and leave the object in a valid
// (but unspecified, usually cleared) state.
//
// Thread safety: single-threaded objects.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sigil::state {

// Record tags; values are part of the format and never reused.
enum class SnapshotTag : std::uint8_t {
  sliding_aggregate = 1,
  sliding_distinct = 2,
  tumbling_aggregate = 3,
  ewma = 4,
  baseline_tracker = 5,
  new_terms = 6,
  suppressor = 7,
  key_table = 8,
  sliding_count = 9,
};

class Writer {
 public:
  void u8(std::uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void varint(std::uint64_t v);
  void i64(std::int64_t v) {
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void f64(double v);
  void boolean(bool v) { u8(v ? 1 : 0); }
  void bytes(std::string_view v);
  void header(SnapshotTag tag, std::uint8_t version) {
    u8(static_cast<std::uint8_t>(tag));
    u8(version);
  }

  const std::string& data() const { return buf_; }
  std::string take() { return std::move(buf_); }
  void clear() { buf_.clear(); }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool u8(std::uint8_t& v);
  bool varint(std::uint64_t& v);
  bool i64(std::int64_t& v);
  bool f64(double& v);
  bool boolean(bool& v);
  bool bytes(std::string_view& v);
  // An element count: fails if count * min_encoded_size exceeds what is left or count > max.
  bool count(std::size_t& n, std::size_t min_encoded_size, std::size_t max);
  // Fails unless the next record is `tag` at format `version`.
  bool header(SnapshotTag tag, std::uint8_t version);

  // Records the first error ("corrupt at byte N: what") and returns false.
  bool fail(std::string_view what);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  bool truncated(std::string_view what);

  std::string_view data_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace sigil::state
