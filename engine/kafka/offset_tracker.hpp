#pragma once
// Which consumed offsets may be committed (at-least-once): a partition's offset is committable
// once every batch up to the one that read it is done (evaluated, its alerts and dead letters
// handed to the sinks) AND every message those batches produced is acknowledged by the broker.
//
// Batches are done in the order they were read (the pipeline's output stage is serial and in
// input order), so every message produced between two batch_done() calls belongs to the oldest
// batch not yet done. A message produced when no batch is open (the keyed stage's last alerts, at
// the end of a run) belongs to no batch; flush() before the last commit covers it.
//
// IMPLEMENTATION: a deque of batches in read order, each with its highest offset per partition and
// a count of unacknowledged messages; collect() pops done, fully acknowledged batches from the
// front. One failed delivery stops every later commit (the run then ends without committing past
// it, so a restart re-reads and re-produces).
//
// Thread safety: every member is safe to call from any thread (one mutex).

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace sigil::kafka {

// (source index in the SourceTable, partition) as one number.
using PartitionKey = std::uint64_t;
inline PartitionKey partition_key(std::uint32_t source, std::int32_t partition) {
  return (static_cast<std::uint64_t>(source) << 32) | static_cast<std::uint32_t>(partition);
}
inline std::uint32_t key_source(PartitionKey k) { return static_cast<std::uint32_t>(k >> 32); }
inline std::int32_t key_partition(PartitionKey k) { return static_cast<std::int32_t>(k & 0xFFFFFFFFu); }

class OffsetTracker {
 public:
  static constexpr std::uint64_t kNoBatch = ~std::uint64_t{0};

  // The source handed out `batch` holding these highest offsets per partition.
  void batch_read(const void* batch, std::vector<std::pair<PartitionKey, std::int64_t>> max_offsets);
  // A message is being produced for the batch being output; returns the token for delivered().
  std::uint64_t produced();
  // The broker acknowledged (ok) or finally refused (!ok) the message of `token`.
  void delivered(std::uint64_t token, bool ok);
  // The output stage finished `batch` (the oldest batch not yet done).
  void batch_done(const void* batch);
  // Merges into `into` the next offset to read (highest + 1) of each partition whose batches are
  // all done and acknowledged.
  void collect(std::map<PartitionKey, std::int64_t>& into);

  std::size_t batches_open() const;      // read, not yet done
  std::uint64_t unacknowledged() const;  // produced, not yet acknowledged
  bool failed() const;

 private:
  struct Entry {
    const void* batch;
    std::vector<std::pair<PartitionKey, std::int64_t>> max_offsets;
    std::uint64_t pending = 0;
    bool done = false;
  };
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
  std::uint64_t base_ = 0;        // token of entries_.front()
  std::uint64_t first_open_ = 0;  // token of the oldest batch not done
  std::uint64_t unacknowledged_ = 0;
  std::uint64_t orphans_ = 0;     // pending messages of no batch
  bool failed_ = false;
};

}  // namespace sigil::kafka
