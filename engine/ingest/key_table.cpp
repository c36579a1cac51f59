#include "engine/ingest/key_table.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace sigil {
namespace {

constexpr std::uint64_t kSeeds[] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull,
                                    0xD6E8FEB86659FD93ull, 0xFF51AFD7ED558CCDull, 0xC4CEB9FE1A85EC53ull,
                                    0x94D049BB133111EBull, 0xBF58476D1CE4E5B9ull};

}  // namespace

KeyTable::KeyTable(const FieldPlan& plan) { add(plan.root()); }

std::uint32_t KeyTable::add(const FieldPlan::Node& source) {
  auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(Node{source.field, source.open});
  if (source.children.empty()) return index;

  std::vector<std::pair<Key, const std::string*>> keys;
  for (const auto& [name, child] : source.children)
    keys.emplace_back(key_of(name.data(), name.size(), name.data() + name.size()), &name);

  // At least twice as many slots as children; the seed with the shortest longest probe wins.
  std::uint32_t bits = 2;
  while ((std::size_t{1} << bits) < 2 * keys.size()) ++bits;
  const std::uint32_t size = 1u << bits, shift = 64 - bits;
  std::uint64_t best_seed = kSeeds[0];
  std::uint32_t best_probe = ~0u;
  for (std::uint64_t seed : kSeeds) {
    std::vector<bool> used(size);
    std::uint32_t longest = 0;
    for (const auto& [key, name] : keys) {
      std::uint32_t s = slot(key, seed, shift), probe = 0;
      while (used[s]) s = (s + 1) & (size - 1), ++probe;
      used[s] = true;
      longest = std::max(longest, probe);
    }
    if (longest < best_probe) best_probe = longest, best_seed = seed;
    if (longest == 0) break;
  }

  auto table = static_cast<std::uint32_t>(entries_.size());
  entries_.resize(entries_.size() + size);
  nodes_[index].table = table;
  nodes_[index].mask = size - 1;
  nodes_[index].shift = shift;
  nodes_[index].seed = best_seed;
  for (const auto& [name, child] : source.children) {
    Key key = key_of(name.data(), name.size(), name.data() + name.size());
    std::uint32_t s = slot(key, best_seed, shift);
    while (entries_[table + s].node != kNone) s = (s + 1) & (size - 1);
    std::uint32_t child_index = add(*child);  // may grow entries_: index it afresh
    entries_[table + s] = Entry{key, child_index, name.data()};
  }
  return index;
}

}  // namespace sigil
