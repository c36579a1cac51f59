#pragma once
// Events from Kafka topics, read by one group consumer (librdkafka), with at-least-once commits.
//
// In: the topics (subscribed as a consumer group), an OffsetTracker shared with the Producer of the
// alert and dead-letter sinks. Out: RawBatches whose positions are {source index of the topic,
// partition, offset}; each topic is added to the SourceTable by the constructor.
//
// Order: one consumer, one thread: messages of a partition reach the pipeline, and its keyed
// stage, in offset order.
// Offsets: a partition's offset is committed (asynchronously, at most every commit_interval) only
// once the tracker says every batch up to it is done and everything it produced is acknowledged.
// Rebalance (eager or cooperative): on revoke, read() is inside the callback: it waits until every
// batch handed out is done (the other pipeline threads finish them: the pipeline needs at least 2
// threads), flushes the producer, commits synchronously, drops the revoked partitions' records from
// the batch being filled (they are re-read by the new owner from the committed offset), then lets
// the partitions go. A PartitionListener (state_handover.hpp) is told of revoked partitions after
// that commit, with the offset their state covers, and of assigned ones before they are consumed,
// with the group's committed offset.
// Stop: read() returns false once `stop` is set (or a delivery failed for good); the pipeline
// drains; then finish() flushes, commits and leaves the group.
//
// Thread safety: read() from the pipeline's input stage; batch_done() from its output stage;
// finish() after the pipeline has returned. The consumer is only touched by read() and finish().

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "engine/event/source_position.hpp"
#include "engine/ingest/source.hpp"
#include "engine/kafka/broker_state.hpp"
#include "engine/kafka/kafka_config.hpp"
#include "engine/kafka/kafka_stats.hpp"
#include "engine/kafka/offset_tracker.hpp"
#include "engine/kafka/producer.hpp"
#include "engine/run/pipeline.hpp"

namespace sigil::kafka {

struct KafkaSourceOptions {
  std::vector<std::string> topics;
  std::string group;
  // How long a partly filled batch may wait for more messages once librdkafka has none ready.
  // 0 (default): hand it on at once (adaptive batching, see read()).
  std::chrono::milliseconds linger{0};
  std::size_t keep_bytes = 16u << 20;               // longer messages are cut (and dead-lettered)
  std::chrono::milliseconds commit_interval{200};
  std::chrono::milliseconds drain_timeout{60'000};  // on revoke, wait at most this for in-flight work
  std::chrono::milliseconds stats_interval{10'000}; // stats line on stderr; 0: none
  std::string stats_json;                           // also written here, when set
  bool quiet = false;                               // no stats line, no assignment lines
  std::size_t max_tracked_sessions = 1u << 20;      // for the split-session count; then it restarts
};

// A partition given to or taken from this process.
struct PartitionOffset {
  std::uint32_t source = 0;  // index of the topic in the SourceTable
  std::string topic;
  std::int32_t partition = 0;
  // assigned: the group's committed offset (RD_KAFKA_OFFSET_INVALID when none);
  // revoked: the offset the work done covers (every message before it was evaluated).
  std::int64_t offset = RD_KAFKA_OFFSET_INVALID;
};

// Told of rebalances, from inside the rebalance callback (the pipeline's input thread).
class PartitionListener {
 public:
  virtual ~PartitionListener() = default;
  // Before the partitions are consumed.
  virtual void assigned(std::span<const PartitionOffset> partitions) = 0;
  // After the in-flight work was finished, flushed and committed (`drained`), or given up on.
  virtual void revoked(std::span<const PartitionOffset> partitions, bool drained) = 0;
};

class KafkaSource final : public Source, public BatchListener {
 public:
  // Throws std::runtime_error on a bad configuration.
  KafkaSource(const ClientConfig& config, SourceTable& sources, OffsetTracker& tracker, Producer& producer,
              const std::atomic<bool>& stop, KafkaSourceOptions options);
  ~KafkaSource() override;
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  // Blocks until a message arrives, then returns the batch (adaptive batching, docs/kafka.md). On
  // an idle topic it returns an empty batch every kIdleTick (the pipeline's idle timers need them).
  bool read(RawBatch& batch, const ReadLimits& limits) override;
  void batch_done(const RawBatch& batch) override;

  // After the pipeline returned: flushes the producer (at most `timeout`), commits synchronously,
  // writes the last stats, leaves the group. True when everything read was committed.
  bool finish(std::chrono::milliseconds timeout);

  // Counters, not yet with `consumed_per_second`/lag (filled by the stats tick).
  KafkaStats stats() const;
  // Dead letters written elsewhere than the producer (stderr) count here.
  void count_dead_letters(std::uint64_t n) { other_dead_letters_ += n; }
  bool failed() const;
  // Before the pipeline runs; `listener` outlives the source.
  void set_partition_listener(PartitionListener* listener) { listener_ = listener; }

 private:
  static constexpr std::chrono::milliseconds kIdleTick{100};

  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                           void* opaque);
  static void on_commit(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                        void* opaque);
  static void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  void rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  void committed(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets);
  bool stopping() const;
  void append(RawBatch& batch, const rd_kafka_message_t& message);
  void drop_revoked(RawBatch& batch);
  void tell_assigned(const rd_kafka_topic_partition_list_t* partitions);
  void service(bool force_commit);        // delivery reports, commits, stats
  void commit(bool sync);
  bool drain(std::chrono::steady_clock::time_point deadline);  // true: everything done
  void stats_tick(bool final);
  std::uint32_t source_of(const char* topic);
  std::string describe(const rd_kafka_topic_partition_list_t* partitions) const;

  rd_kafka_t* consumer_ = nullptr;
  SourceTable& sources_;
  OffsetTracker& tracker_;
  Producer& producer_;
  const std::atomic<bool>& stop_;
  KafkaSourceOptions options_;
  BrokerState state_{"consumer"};
  std::map<std::string, std::uint32_t, std::less<>> topic_sources_;

  PartitionListener* listener_ = nullptr;
  std::set<PartitionKey> assigned_;
  std::map<PartitionKey, std::int64_t> assigned_at_;  // committed offset when assigned (with a listener)
  std::set<PartitionKey> revoked_now_;           // revoked while a batch was being filled
  std::map<PartitionKey, std::int64_t> committable_;
  std::map<PartitionKey, std::int64_t> committed_;
  std::chrono::steady_clock::time_point last_commit_{};
  std::chrono::steady_clock::time_point last_stats_{};
  std::uint64_t consumed_at_last_stats_ = 0;

  std::unordered_map<std::string, PartitionKey> session_partition_;
  std::uint64_t consumed_ = 0, consumed_bytes_ = 0, split_sessions_ = 0;
  std::uint64_t commits_ = 0, commit_failures_ = 0, rebalances_ = 0;
  std::atomic<std::uint64_t> other_dead_letters_{0};
};

}  // namespace sigil::kafka
