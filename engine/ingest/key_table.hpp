#pragma once
// The FieldPlan's trie flattened for the normalizer's fast path. A key segment is looked up by
// its length and its first and last eight bytes (which identify any segment of up to 16 bytes):
// one multiply picks a slot in the node's small open-addressing table, and a match is two
// integer compares (plus a memcmp of the middle for longer segments). No std::hash over the
// bytes, no allocation, no pointer chasing through unordered_map buckets.
//
// Built from a plan that is complete (frozen, or at least no longer growing); immutable after,
// so it may be shared, though each Normalizer builds its own (it is small).

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/event/field_id.hpp"
#include "engine/ingest/field_plan.hpp"

namespace sigil {

class KeyTable {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  explicit KeyTable(const FieldPlan& plan);

  std::uint32_t root() const { return 0; }
  FieldId field(std::uint32_t node) const { return nodes_[node].field; }
  bool open(std::uint32_t node) const { return nodes_[node].open; }

  // The child of `node` named by the bytes [segment, segment + length), or kNone. `limit` is the
  // end of readable memory after the segment (8-byte loads are made only below it).
  std::uint32_t child(std::uint32_t index, const char* segment, std::size_t length, const char* limit) const {
    const Node& node = nodes_[index];
    if (node.mask == 0) return kNone;
    const Key key = key_of(segment, length, limit);
    std::uint32_t s = slot(key, node.seed, node.shift);
    while (true) {
      const Entry& e = entries_[node.table + s];
      if (e.node == kNone) return kNone;
      if (e.key.head == key.head && e.key.tail == key.tail && e.key.length == key.length &&
          (length <= 16 || std::memcmp(e.name + 8, segment + 8, length - 16) == 0))
        return e.node;
      s = (s + 1) & node.mask;
    }
  }

 private:
  struct Key {
    std::uint64_t head = 0, tail = 0;  // first and last up-to-8 bytes, zero padded
    std::uint32_t length = 0;
  };
  struct Entry {
    Key key;
    std::uint32_t node = kNone;  // kNone: empty slot
    const char* name = nullptr;  // the segment (owned by the plan's trie)
  };
  struct Node {
    FieldId field = kNoField;
    bool open = false;
    std::uint32_t table = 0;  // first entry of this node's table in entries_
    std::uint32_t mask = 0;   // table size - 1 (a power of two); no table when there are no children
    std::uint32_t shift = 0;  // 64 - log2(table size)
    std::uint64_t seed = 0;
  };

  // Up to eight bytes from p as an integer, zero padded; the same value whichever way it is read.
  static std::uint64_t load_up_to_8(const char* p, std::size_t n, const char* limit) {
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      if (n >= 8 || p + 8 <= limit) {
        std::memcpy(&v, p, 8);
        return n >= 8 ? v : v & ((std::uint64_t{1} << (8 * n)) - 1);
      }
    }
    for (std::size_t k = 0; k < n && k < 8; ++k) v |= std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
    return v;
  }
  static Key key_of(const char* p, std::size_t length, const char* limit) {
    Key key;
    key.length = static_cast<std::uint32_t>(length);
    key.head = load_up_to_8(p, length, limit);
    if (length > 8) key.tail = load_up_to_8(p + length - 8, 8, limit);
    return key;
  }
  static std::uint32_t slot(const Key& key, std::uint64_t seed, std::uint32_t shift) {
    std::uint64_t x = (key.head ^ std::rotl(key.tail, 29) ^ key.length) * seed;
    return static_cast<std::uint32_t>(x >> shift);
  }
  std::uint32_t add(const FieldPlan::Node& node);

  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
};

}  // namespace sigil
