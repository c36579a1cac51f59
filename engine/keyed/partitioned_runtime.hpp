#pragma once
// The KeyedProcessor of the Kafka mode: one StatefulRuntime per input partition (Kafka Streams'
// task per partition), so that the state of a partition can be handed over on its own when the
// partition moves to another process (engine/kafka/state_handover.hpp, docs/kafka.md).
//
//   route(event)        the rules' routing (every partition's runtime routes alike): shard s of
//                       this processor is shard s of every partition's runtime
//   process(s, work)    the work of shard s, split by the partition of each event
//                       (Event::position()), each part to shard s of that partition's runtime,
//                       in input order; a partition without a runtime gets a fresh one
//   advance(s, ...)     shard s of every runtime, in partition order
//   finish()            every runtime
//
// So a key's state is per partition: with producers keying by session.id a session's state is
// whole; a rule keyed by user.id sees, per partition, only that partition's events of the user.
// Limits: StateLimits::max_keys_per_rule applies to each partition's runtime;
// StateLimits::max_memory_bytes to the whole processor, shared equally by the partitions it
// holds (re-divided whenever a partition is opened, restored or closed).
//
// Thread safety: as KeyedProcessor for route/process/advance/finish. open(), restore(), close()
// and snapshot() may run on another thread while batches flow: a runtime is replaced or dropped
// only between two process()/advance() calls (a reader-writer lock). A snapshot is only
// meaningful when no batch of that partition is in flight (the Kafka source drains first).

#include <compare>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/keyed/stateful_runtime.hpp"

namespace sigil::keyed {

struct PartitionId {
  std::uint32_t source = 0;   // index into the SourceTable (a topic)
  std::int32_t partition = -1;
  auto operator<=>(const PartitionId&) const = default;
};

class PartitionedRuntime final : public KeyedProcessor {
 public:
  // `redactor`: as StatefulRuntime's, for every partition's runtime.
  PartitionedRuntime(const eval::RuleGraph& graph, const SourceTable& sources, AlertFormat format, StateLimits limits,
                     const Redactor* redactor = nullptr);
  ~PartitionedRuntime() override;

  std::size_t shard_count() const override { return router_.shard_count(); }
  bool route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
             RoutedWork& out) const override;
  void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
               KeyedAlerts& out) override;
  void advance(std::size_t shard, std::int64_t watermark_ns, std::uint64_t event_index, KeyedAlerts& out) override;
  void finish(KeyedAlerts& out) override;

  // The partition's state as StatefulRuntime::snapshot() bytes (an empty runtime's when the
  // partition has none).
  std::string snapshot(PartitionId partition) const;
  // Gives the partition a fresh runtime restored from `snapshot`. Returns restore()'s error, empty
  // on success; on error the partition starts with empty state.
  std::string restore(PartitionId partition, std::string_view snapshot);
  // Gives the partition a fresh, empty runtime (replacing any).
  void open(PartitionId partition);
  // Drops the partition's runtime and its state.
  void close(PartitionId partition);

  std::vector<PartitionId> partitions() const;
  StateStats stats() const;                       // over every partition
  StateStats stats(PartitionId partition) const;  // zeros when it has no runtime

 private:
  std::unique_ptr<StatefulRuntime> make() const;
  void share_budget();  // under the exclusive lock

  const eval::RuleGraph& graph_;
  const SourceTable& sources_;
  AlertFormat format_;
  const Redactor* redactor_;
  StateLimits limits_;
  StatefulRuntime router_;  // routes; its own state is never used (it also snapshots "empty")
  mutable std::shared_mutex mutex_;
  std::map<PartitionId, std::unique_ptr<StatefulRuntime>> runtimes_;
};

}  // namespace sigil::keyed
