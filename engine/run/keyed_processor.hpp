#pragma once
// The keyed stage of the pipeline: where per-session state lives. Events are sharded by a hash
// of session.id; a batch passes through the keyed stage in input order, and within a batch the
// shards run in parallel, each over its own events in input order. So every event of one
// session is seen by one shard, in the order of the input, whatever the thread count.
//
// Thread safety: process() calls for one shard are serial; different shards run concurrently.
// finish() is called once, after the last batch, on the pipeline's thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event/event.hpp"

namespace sigil {

// Alerts a shard raised for one batch, each tied to the input position of the event that
// raised it, so the output stage can merge them with the batch's stateless alerts in order.
struct KeyedAlerts {
  struct Alert {
    std::uint64_t event_index = 0;  // position of the triggering event within its batch
    std::uint32_t rule = 0;
    std::string json;               // the rendered alert line, with its newline
  };
  std::vector<Alert> alerts;
  void clear() { alerts.clear(); }
};

class KeyedProcessor {
 public:
  virtual ~KeyedProcessor() = default;
  virtual std::size_t shard_count() const = 0;
  // One accepted event of `shard`, at position `event_index` of the current batch.
  virtual void process(std::size_t shard, const Event& event, std::uint64_t event_index, KeyedAlerts& out) = 0;
  // End of input: close what is open (windows, absence spans) and raise what is due.
  virtual void finish(KeyedAlerts& out) = 0;
};

// The shard of a session id: stable across processes and runs (FNV-1a), so a session's state
// can be found again after a restart.
inline std::size_t shard_of(std::string_view session_id, std::size_t shard_count) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : session_id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h % shard_count);
}

}  // namespace sigil
