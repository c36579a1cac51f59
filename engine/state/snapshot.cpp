#include "engine/state/snapshot.hpp"

#include <bit>
#include <fmt/format.h>

namespace sigil::state {

void Writer::varint(std::uint64_t v) {
  while (v >= 0x80) {
    buf_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  buf_.push_back(static_cast<char>(v));
}

void Writer::f64(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

void Writer::bytes(std::string_view v) {
  varint(v.size());
  buf_.append(v);
}

bool Reader::fail(std::string_view what) {
  if (error_.empty()) error_ = fmt::format("corrupt snapshot at byte {}: {}", pos_, what);
  return false;
}

bool Reader::truncated(std::string_view what) {
  if (error_.empty()) error_ = fmt::format("truncated snapshot at byte {}: expected {}", pos_, what);
  return false;
}

bool Reader::u8(std::uint8_t& v) {
  if (!ok()) return false;
  if (remaining() < 1) return truncated("a byte");
  v = static_cast<std::uint8_t>(data_[pos_++]);
  return true;
}

bool Reader::varint(std::uint64_t& v) {
  if (!ok()) return false;
  std::uint64_t out = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= data_.size()) return truncated("a varint");
    const auto b = static_cast<std::uint8_t>(data_[pos_++]);
    if (i == 9 && b > 1) return fail("varint overflows 64 bits");
    out |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) return fail("overlong varint");
      v = out;
      return true;
    }
  }
  return fail("varint longer than 10 bytes");
}

bool Reader::i64(std::int64_t& v) {
  std::uint64_t u = 0;
  if (!varint(u)) return false;
  v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool Reader::f64(double& v) {
  if (!ok()) return false;
  if (remaining() < 8) return truncated("8 bytes of a double");
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(data_[pos_ + i])) << (8 * i);
  pos_ += 8;
  v = std::bit_cast<double>(bits);
  return true;
}

bool Reader::boolean(bool& v) {
  std::uint8_t b = 0;
  if (!u8(b)) return false;
  if (b > 1) return fail("boolean is neither 0 nor 1");
  v = b == 1;
  return true;
}

bool Reader::bytes(std::string_view& v) {
  std::uint64_t n = 0;
  if (!varint(n)) return false;
  if (n > remaining()) return truncated(fmt::format("{} bytes (only {} left)", n, remaining()));
  v = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool Reader::count(std::size_t& n, std::size_t min_encoded_size, std::size_t max) {
  std::uint64_t c = 0;
  if (!varint(c)) return false;
  if (c > max) return fail(fmt::format("count {} exceeds the limit {}", c, max));
  if (min_encoded_size > 0 && c > remaining() / min_encoded_size)
    return truncated(fmt::format("{} elements of at least {} bytes (only {} left)", c, min_encoded_size, remaining()));
  n = static_cast<std::size_t>(c);
  return true;
}

bool Reader::header(SnapshotTag tag, std::uint8_t version) {
  std::uint8_t t = 0, v = 0;
  if (!u8(t)) return false;
  if (t != static_cast<std::uint8_t>(tag))
    return fail(fmt::format("record tag {} where {} was expected", t, static_cast<int>(tag)));
  if (!u8(v)) return false;
  if (v != version) return fail(fmt::format("format version {} of record {} is not supported (expected {})", v, t, version));
  return true;
}

}  // namespace sigil::state
