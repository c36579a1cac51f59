#pragma once
// The Kafka run's counters, as one line on stderr (every --stats-interval) and as a JSON object
// (--stats-json FILE, rewritten atomically at each interval and at the end).

#include <cstdint>
#include <string>
#include <vector>

namespace sigil::kafka {

struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = -1;  // high watermark - position; -1 while unknown
};

struct KafkaStats {
  std::uint64_t consumed = 0;         // messages read from the input topics
  std::uint64_t consumed_bytes = 0;
  double consumed_per_second = 0;     // over the last interval
  std::uint64_t alerts = 0;           // alert messages acknowledged by the broker
  std::uint64_t dead_letters = 0;     // dead-letter messages acknowledged (or written to stderr)
  std::uint64_t delivery_failures = 0;
  std::uint64_t split_sessions = 0;   // events whose session.id this process saw on another partition
  std::uint64_t commits = 0;          // partition offsets committed
  std::uint64_t commit_failures = 0;
  std::uint64_t rebalances = 0;       // assignments and revocations
  std::uint64_t unacknowledged = 0;   // produced, not yet acknowledged
  bool brokers_up = true;
  std::vector<PartitionLag> lag;

  std::int64_t total_lag() const;
  std::string line() const;   // without a newline
  std::string json() const;   // one object, with a newline
};

// Writes `text` to `path` through a temporary file and rename(2). False on failure.
bool write_file_atomically(const std::string& path, const std::string& text);

}  // namespace sigil::kafka
