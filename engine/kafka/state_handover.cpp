#include "engine/kafka/state_handover.hpp"

#include <map>
#include <set>

#include <fmt/core.h>

namespace sigil::kafka {
namespace {

std::string key_of(const PartitionOffset& p) { return fmt::format("{}/{}", p.topic, p.partition); }
keyed::PartitionId id_of(const PartitionOffset& p) { return {p.source, p.partition}; }
std::string offset_text(std::int64_t offset) { return offset >= 0 ? std::to_string(offset) : std::string("none"); }

}  // namespace

void StateHandover::assigned(std::span<const PartitionOffset> partitions) {
  if (partitions.empty()) return;
  std::set<std::string> keys;
  for (const PartitionOffset& p : partitions) keys.insert(key_of(p));
  auto found = store_.read(keys);
  if (!found)
    fmt::print(stderr, "sigil: kafka: cannot read the state topic {} to its end; {} partition(s) start with empty state\n",
               store_.topic(), partitions.size());
  for (const PartitionOffset& p : partitions) {
    std::string key = key_of(p);
    const StoredSnapshot* snapshot = nullptr;
    if (found)
      if (auto it = found->find(key); it != found->end()) snapshot = &it->second;
    if (!snapshot) {
      runtime_.open(id_of(p));
      if (found) ++stats_.fresh;
      else ++stats_.refused;
      continue;
    }
    std::string error = snapshot->error;
    if (error.empty() && snapshot->offset != p.offset)
      error = fmt::format("it is the state at offset {}, the group resumes at offset {}", offset_text(snapshot->offset),
                          offset_text(p.offset));
    if (error.empty()) error = runtime_.restore(id_of(p), snapshot->bytes);
    else runtime_.open(id_of(p));
    if (!error.empty()) {
      ++stats_.refused;
      fmt::print(stderr, "sigil: kafka: state snapshot of {} refused ({}); the partition starts with empty state\n",
                 key, error);
      continue;
    }
    ++stats_.restored;
    if (!quiet_)
      fmt::print(stderr, "sigil: kafka: restored the state of {} ({} bytes, {} keys, offset {})\n", key,
                 snapshot->bytes.size(), runtime_.stats(id_of(p)).keys, offset_text(p.offset));
  }
}

void StateHandover::revoked(std::span<const PartitionOffset> partitions, bool drained) {
  if (partitions.empty()) return;
  if (!drained) {
    // Batches of these partitions may still be in the pipeline: their state is not the state at
    // any committed offset. The new owner refuses what the topic holds unless its offset matches.
    fmt::print(stderr, "sigil: kafka: in-flight work not finished: the state of {} partition(s) is not handed over\n",
               partitions.size());
    stats_.not_handed_over += partitions.size();
  } else {
    std::size_t bytes = 0;
    for (const PartitionOffset& p : partitions) {
      std::string snapshot = runtime_.snapshot(id_of(p));
      bytes += snapshot.size();
      store_.write(key_of(p), snapshot, p.offset);
    }
    if (store_.flush()) {
      stats_.handed_over += partitions.size();
      if (!quiet_)
        fmt::print(stderr, "sigil: kafka: handed over the state of {} partition(s) ({} bytes) to {}\n",
                   partitions.size(), bytes, store_.topic());
    } else {
      stats_.not_handed_over += partitions.size();
      fmt::print(stderr, "sigil: kafka: the state topic {} did not acknowledge the state of {} partition(s) in time; "
                         "their new owner may start them with empty state\n",
                 store_.topic(), partitions.size());
    }
  }
  for (const PartitionOffset& p : partitions) runtime_.close(id_of(p));
}

}  // namespace sigil::kafka
