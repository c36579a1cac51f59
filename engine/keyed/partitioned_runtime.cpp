#include "engine/keyed/partitioned_runtime.hpp"

#include <algorithm>
#include <mutex>

namespace sigil::keyed {
namespace {

PartitionId partition_of(const Event& event) { return {event.position().source, event.position().partition}; }

template <class T>
void add_each(std::vector<T>& total, const std::vector<T>& part) {
  total.resize(std::max(total.size(), part.size()));
  for (std::size_t i = 0; i < part.size(); ++i) total[i] += part[i];
}

void add(StateStats& total, const StateStats& s) {
  total.keys += s.keys;
  total.evicted += s.evicted;
  total.memory_bytes += s.memory_bytes;
  total.alerts_without_evidence += s.alerts_without_evidence;
  add_each(total.evicted_per_rule, s.evicted_per_rule);
  add_each(total.keys_per_rule, s.keys_per_rule);  // SIGIL_STATE_BY_RULE's lines (state_summary.hpp)
  add_each(total.bytes_per_rule, s.bytes_per_rule);
}

}  // namespace

PartitionedRuntime::PartitionedRuntime(const eval::RuleGraph& graph, const SourceTable& sources, AlertFormat format,
                                       StateLimits limits, const Redactor* redactor)
    : graph_(graph),
      sources_(sources),
      format_(format),
      redactor_(redactor),
      limits_(limits),
      router_(graph, sources, format, limits) {}

PartitionedRuntime::~PartitionedRuntime() = default;

std::unique_ptr<StatefulRuntime> PartitionedRuntime::make() const {
  return std::make_unique<StatefulRuntime>(graph_, sources_, format_, limits_, redactor_);
}

void PartitionedRuntime::share_budget() {
  if (limits_.max_memory_bytes == 0 || runtimes_.empty()) return;
  for (auto& [id, runtime] : runtimes_) runtime->set_memory_budget(limits_.max_memory_bytes / runtimes_.size());
}

bool PartitionedRuntime::route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
                               RoutedWork& out) const {
  return router_.route(event, event_index, evaluator, out);
}

void PartitionedRuntime::process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
                                 KeyedAlerts& out) {
  // The partitions of this work, each with its work in input order.
  thread_local std::vector<std::pair<PartitionId, std::vector<KeyedWork>>> parts;
  for (auto& [id, items] : parts) items.clear();
  std::size_t used = 0;
  for (const KeyedWork& w : work) {
    PartitionId id = partition_of(batch.events[w.event_index]);
    std::size_t i = 0;
    while (i < used && parts[i].first != id) ++i;
    if (i == used) {
      if (used == parts.size()) parts.emplace_back();
      parts[used++].first = id;
    }
    parts[i].second.push_back(w);
  }
  std::sort(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(used),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  bool missing = false;
  {
    std::shared_lock lock(mutex_);
    for (std::size_t i = 0; i < used; ++i) missing = missing || !runtimes_.count(parts[i].first);
  }
  if (missing) {
    std::unique_lock lock(mutex_);
    for (std::size_t i = 0; i < used; ++i)
      if (!runtimes_.count(parts[i].first)) runtimes_.emplace(parts[i].first, make());
    share_budget();
  }
  std::shared_lock lock(mutex_);
  for (std::size_t i = 0; i < used; ++i) {
    auto it = runtimes_.find(parts[i].first);
    if (it != runtimes_.end()) it->second->process(shard, batch, parts[i].second, out);
    // else: closed meanwhile (revoked while the batch was in flight): the new owner re-reads it
  }
}

void PartitionedRuntime::advance(std::size_t shard, std::int64_t watermark_ns, std::uint64_t event_index,
                                 KeyedAlerts& out) {
  std::shared_lock lock(mutex_);
  for (auto& [id, runtime] : runtimes_) runtime->advance(shard, watermark_ns, event_index, out);
}

void PartitionedRuntime::finish(KeyedAlerts& out) {
  std::unique_lock lock(mutex_);
  for (auto& [id, runtime] : runtimes_) runtime->finish(out);
}

std::string PartitionedRuntime::snapshot(PartitionId partition) const {
  std::shared_lock lock(mutex_);
  auto it = runtimes_.find(partition);
  return it != runtimes_.end() ? it->second->snapshot() : router_.snapshot();
}

std::string PartitionedRuntime::restore(PartitionId partition, std::string_view snapshot) {
  std::unique_ptr<StatefulRuntime> runtime = make();
  std::string error = runtime->restore(snapshot);  // on error: cleared, empty state
  std::unique_lock lock(mutex_);
  runtimes_[partition] = std::move(runtime);
  share_budget();
  return error;
}

void PartitionedRuntime::open(PartitionId partition) {
  std::unique_ptr<StatefulRuntime> runtime = make();
  std::unique_lock lock(mutex_);
  runtimes_[partition] = std::move(runtime);
  share_budget();
}

void PartitionedRuntime::close(PartitionId partition) {
  std::unique_ptr<StatefulRuntime> dropped;
  {
    std::unique_lock lock(mutex_);
    auto it = runtimes_.find(partition);
    if (it == runtimes_.end()) return;
    dropped = std::move(it->second);
    runtimes_.erase(it);
    share_budget();
  }
}

std::vector<PartitionId> PartitionedRuntime::partitions() const {
  std::shared_lock lock(mutex_);
  std::vector<PartitionId> out;
  for (const auto& [id, runtime] : runtimes_) out.push_back(id);
  return out;
}

StateStats PartitionedRuntime::stats() const {
  std::shared_lock lock(mutex_);
  StateStats total;
  for (const auto& [id, runtime] : runtimes_) add(total, runtime->stats());
  return total;
}

StateStats PartitionedRuntime::stats(PartitionId partition) const {
  std::shared_lock lock(mutex_);
  auto it = runtimes_.find(partition);
  return it != runtimes_.end() ? it->second->stats() : StateStats{};
}

}  // namespace sigil::keyed
