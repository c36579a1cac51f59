#pragma once
// Per-partition state moves with its partition (docs/kafka.md, "Rebalance and state handover").
//
//   revoked (after the in-flight batches are done, flushed and committed): each revoked
//            partition's StatefulRuntime is snapshotted, written to the state topic
//            (state_store.hpp), acknowledged, then dropped
//   assigned (before the partitions are consumed): the state topic is read for the new
//            partitions; a snapshot whose offset is the group's committed offset of its partition
//            is restored into the partition's fresh runtime; any other (other rules, corrupt,
//            incomplete, another offset: the state does not match where reading resumes) is
//            refused with one stderr line and counted, and the partition starts with empty state
//
// A snapshot's offset is the next offset its state has not seen: state and committed offset agree
// exactly, so the new owner neither double counts nor skips events in its state.
//
// Thread safety: both calls come from the consumer's rebalance callback (the pipeline's input
// thread); the runtime tolerates batches of other partitions flowing meanwhile.

#include <atomic>
#include <cstdint>
#include <string>

#include "engine/keyed/partitioned_runtime.hpp"
#include "engine/kafka/kafka_source.hpp"
#include "engine/kafka/state_store.hpp"

namespace sigil::kafka {

struct HandoverStats {
  std::uint64_t restored = 0;    // partitions whose state was restored from the state topic
  std::uint64_t refused = 0;     // snapshots found but refused: those partitions started empty
  std::uint64_t fresh = 0;       // partitions without a snapshot: started empty
  std::uint64_t handed_over = 0; // snapshots written and acknowledged on revoke
  std::uint64_t not_handed_over = 0;  // revoked partitions whose state could not be written
};

class StateHandover final : public PartitionListener {
 public:
  StateHandover(keyed::PartitionedRuntime& runtime, StateStore& store, bool quiet)
      : runtime_(runtime), store_(store), quiet_(quiet) {}

  void assigned(std::span<const PartitionOffset> partitions) override;
  void revoked(std::span<const PartitionOffset> partitions, bool drained) override;

  HandoverStats stats() const { return stats_; }

 private:
  keyed::PartitionedRuntime& runtime_;
  StateStore& store_;
  bool quiet_;
  HandoverStats stats_;
};

}  // namespace sigil::kafka
