#pragma once
// The keyed stage of the pipeline: where per-key state lives (windows, sequences, new terms).
//
//   parallel stage:  route(event) -> work items, each with the hash of its state key, sorted
//                    into shards (hash % shard_count)
//   keyed stage:     batches in input order; within a batch the shards run in parallel, each
//                    over its work items in input order -> process(shard, ...)
//                    then, per shard, advance(shard, watermark) fires what is due
//   end of input:    finish()
//
// So every event of one key is seen by one shard, in input order, whatever the thread count; and
// the shard count is the processor's constant, so results never depend on --threads.
// Event time: the pipeline computes the watermark (the largest event time seen so far minus the
// allowed lateness) in input order; an event older than the watermark when it arrives is late:
// its work is dropped and it is dead-lettered as `late` (its stateless alerts stand). When a
// streaming source is idle (it hands over empty batches), the watermark moves on with the wall
// clock since the newest event, so spans still close (processing-time timers).
//
// Thread safety: route() is const and called concurrently; process()/advance() calls for one
// shard are serial, different shards run concurrently; finish() runs alone.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event/event.hpp"
#include "engine/event/field_id.hpp"

namespace sigil {

namespace eval {
class Evaluator;
}

struct KeyedWork {
  std::uint32_t event_index = 0;  // position of the event within its batch
  std::uint32_t task = 0;         // what to do: the processor's own numbering (e.g. a rule)
  std::uint32_t step = 0;         // e.g. a sequence step
  std::uint64_t key = 0;          // hash of the state key; decides the shard
  std::uint32_t fields_begin = 0; // evidence fields of this work in RoutedWork::fields
  std::uint32_t fields_count = 0;
};

// What route() produces for one batch. Reused across batches.
struct RoutedWork {
  std::vector<std::vector<KeyedWork>> per_shard;
  std::vector<FieldId> fields;
  void reset(std::size_t shards) {
    per_shard.resize(shards);
    for (auto& w : per_shard) w.clear();
    fields.clear();
  }
  void add(std::size_t shard, const KeyedWork& work) { per_shard[shard].push_back(work); }
};

// The events of the batch being processed, for process().
struct BatchView {
  std::span<const Event> events;
  std::span<const FieldId> fields;  // RoutedWork::fields of the batch
};

// Alerts the keyed stage raised for one batch, each tied to the input position of the event that
// raised it (or the batch's size for alerts raised by the watermark at the end of the batch), so
// the output stage can merge them with the batch's stateless alerts in order.
struct KeyedAlerts {
  struct Alert {
    std::uint64_t event_index = 0;
    std::uint32_t rule = 0;
    std::int64_t time_ns = 0;        // event time of the alert (for suppression)
    std::uint64_t suppress_key = 0;  // hash of the rule's suppression key values
    std::string json;                // the rendered alert line, with its newline
  };
  std::vector<Alert> alerts;
  void clear() { alerts.clear(); }
};

class KeyedProcessor {
 public:
  virtual ~KeyedProcessor() = default;
  virtual std::size_t shard_count() const = 0;
  // Parallel stage: the work one accepted event causes; returns whether it added any.
  // `evaluator` has just evaluated the event's stateless rules (its memo is warm); it may be null
  // when the pipeline has no rules.
  virtual bool route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
                     RoutedWork& out) const = 0;
  // Keyed stage: the work of one shard for one batch, in input order.
  virtual void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
                       KeyedAlerts& out) = 0;
  // Keyed stage, after process() for the batch: fire what the watermark has made due.
  virtual void advance(std::size_t /*shard*/, std::int64_t /*watermark_ns*/, std::uint64_t /*event_index*/,
                       KeyedAlerts& /*out*/) {}
  // End of input: close what is open (windows, absence spans) and raise what is due.
  virtual void finish(KeyedAlerts& out) = 0;
};

// A stable 64-bit hash (FNV-1a), so a key's shard is the same in every process and run.
inline std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 1469598103934665603ull) {
  std::uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The shard of a state key's hash: the one place that decides it.
inline std::size_t shard_of(std::uint64_t key_hash, std::size_t shard_count) {
  return static_cast<std::size_t>(key_hash % shard_count);
}

}  // namespace sigil
