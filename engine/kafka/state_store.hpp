#pragma once
// The state topic: per-partition state snapshots in a compacted Kafka topic (the Kafka Streams
// changelog idea, one snapshot per input partition instead of one record per key change).
//
// A snapshot of input partition "<topic>/<partition>" is written as chunks of at most
// kChunkBytes (so no broker or client message-size setting needs raising): chunk 0 under the key
// "<topic>/<partition>", chunk i > 0 under "<topic>/<partition>/<i>". Every chunk has the headers
// sigil.snapshot (a generation id), sigil.chunk, sigil.chunks and sigil.offset (the input offset
// the state covers: every event before it, none after). Compaction keeps the last value per key;
// a reader accepts a snapshot only when every chunk carries chunk 0's generation, so a snapshot
// cut by a crash mid-write is refused, never half restored. Chunks a shorter later snapshot no
// longer uses are deleted (tombstones) when this process knows of them.
//
// In: the client configuration (-X/--config), the state topic name. Out: bytes per key.
// Thread safety: none; one thread (the consumer's rebalance callback) uses it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <librdkafka/rdkafka.h>

#include "engine/kafka/kafka_config.hpp"
#include "engine/kafka/producer.hpp"

namespace sigil::kafka {

struct StoredSnapshot {
  std::string bytes;           // StatefulRuntime::snapshot() bytes, chunks joined
  std::int64_t offset = 0;     // sigil.offset
  std::string error;           // non-empty: present but unusable (incomplete, bad headers)
};

class StateStore {
 public:
  static constexpr std::size_t kChunkBytes = 512 * 1024;

  // Throws std::runtime_error on a bad configuration.
  StateStore(const ClientConfig& config, std::string topic, const std::atomic<bool>& stop,
             std::chrono::milliseconds timeout);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  const std::string& topic() const { return topic_; }
  // Creates the topic (1 partition, cleanup.policy=compact, the broker's replication factor)
  // unless it exists. Returns an error text, empty on success.
  std::string ensure_topic();

  // Enqueues the snapshot of `key` ("<topic>/<partition>"); write() may be called for several
  // keys before one flush().
  void write(const std::string& key, std::string_view bytes, std::int64_t offset);
  // Waits (at most the timeout) until the brokers acknowledged everything written. True when all
  // of it was acknowledged.
  bool flush();

  // The latest snapshot of each of `keys` present in the topic (read to its end, at most the
  // timeout; std::nullopt for the whole read when the end was not reached in time).
  std::optional<std::map<std::string, StoredSnapshot>> read(const std::set<std::string>& keys);

 private:
  std::string topic_;
  std::chrono::milliseconds timeout_;
  Producer producer_;
  rd_kafka_t* reader_ = nullptr;  // an assign()-only consumer (no group); also the admin client
  std::map<std::string, std::size_t> chunks_;  // chunk count last seen per key (for tombstones)
  std::uint64_t written_ = 0;                  // messages enqueued by write()
  std::uint64_t generation_ = 0;
};

}  // namespace sigil::kafka
