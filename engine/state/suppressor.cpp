#include "engine/state/suppressor.hpp"

#include <algorithm>
#include <limits>

namespace sigil::state {
namespace {

constexpr std::uint8_t kVersion = 1;

}  // namespace

Suppressor::Suppressor(std::size_t max_keys) : max_keys_(std::max<std::size_t>(max_keys, 1)) {}

void Suppressor::forget(std::uint32_t i) {
  unreported_ += keys_.value(i).suppressed;
  keys_.erase(i);
}

Suppressor::Decision Suppressor::offer(std::uint64_t key_hash, TimeNs time, TimeNs length) {
  const auto i = keys_.find(key_hash);
  if (i != keys_.npos) {
    if (time < keys_.time(i)) {
      ++keys_.value(i).suppressed;
      return {false, 0};
    }
    const Decision d{true, keys_.value(i).suppressed};
    keys_.value(i).suppressed = 0;
    keys_.set_time(i, saturating_add(time, length));
    return d;
  }
  if (keys_.size() >= max_keys_) {
    forget(keys_.oldest());
    ++evicted_;
  }
  keys_.insert(key_hash, saturating_add(time, length));
  return {true, 0};
}

std::size_t Suppressor::expire(TimeNs now) {
  std::size_t n = 0;
  while (!keys_.empty() && keys_.time(keys_.oldest()) <= now) {
    forget(keys_.oldest());
    ++n;
  }
  return n;
}

void Suppressor::clear() { keys_.clear(); }

void Suppressor::write_to(Writer& w) const {
  w.header(SnapshotTag::suppressor, kVersion);
  w.varint(max_keys_);
  w.varint(evicted_);
  w.varint(unreported_);
  w.varint(keys_.size());
  for (auto i = keys_.oldest(); i != keys_.npos; i = keys_.newer(i)) {
    w.varint(keys_.key(i));
    w.i64(keys_.time(i));
    w.varint(keys_.value(i).suppressed);
  }
}

bool Suppressor::read_from(Reader& r) {
  clear();
  std::uint64_t cap = 0, evicted = 0, unreported = 0;
  if (!r.header(SnapshotTag::suppressor, kVersion) || !r.varint(cap) || !r.varint(evicted) || !r.varint(unreported))
    return false;
  if (cap != max_keys_) return r.fail("suppression key cap differs from the rule's");
  std::size_t n = 0;
  if (!r.count(n, 3, max_keys_)) return false;
  TimeNs prev = kNoTime;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = 0, suppressed = 0;
    std::int64_t until = 0;
    if (!r.varint(key) || !r.i64(until) || !r.varint(suppressed)) return clear(), false;
    if (until < prev) return clear(), r.fail("suppression periods out of order");
    if (keys_.find(key) != keys_.npos) return clear(), r.fail("suppressed key listed twice");
    keys_.insert(key, until, Entry{suppressed});
    prev = until;
  }
  evicted_ = evicted;
  unreported_ = unreported;
  return true;
}

}  // namespace sigil::state
