#pragma once
// One idempotent librdkafka producer for alerts and dead letters (defaults acks=all,
// enable.idempotence=true, message.timeout.ms=0: a message is retried until the broker takes it,
// however long the brokers are away). Each message is registered with the OffsetTracker before it
// is enqueued and reported to it when the broker acknowledges it.
//
// Thread safety: produce() from the pipeline's output stage; poll()/flush() from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <librdkafka/rdkafka.h>

#include "engine/kafka/broker_state.hpp"
#include "engine/kafka/kafka_config.hpp"
#include "engine/kafka/offset_tracker.hpp"

namespace sigil::kafka {

struct Header {
  std::string_view name;
  std::string_view value;
};

class Producer {
 public:
  enum class Kind : unsigned { alert = 0, dead_letter = 1, event = 2, state = 3 };

  // Throws std::runtime_error on a bad configuration. `tracker` may be null (sigil produce).
  // `stopping` set means: give up on a full queue after `give_up_after` instead of waiting forever.
  Producer(const ClientConfig& config, OffsetTracker* tracker, const std::atomic<bool>& stopping,
           std::chrono::milliseconds give_up_after);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Enqueues a copy of key and value. While librdkafka's queue is full, serves delivery reports
  // and waits (back-pressure on the pipeline).
  void produce(const std::string& topic, std::optional<std::string_view> key, std::string_view value,
               std::span<const Header> headers, Kind kind);
  // Serves delivery reports.
  void poll(int timeout_ms) { rd_kafka_poll(rk_, timeout_ms); }
  // Connects and fetches `topic`'s metadata (its partition leaders), so that the first message
  // is not timestamped while the client is still connecting. True when the metadata came back.
  bool connect(const std::string& topic, std::chrono::milliseconds timeout);
  // Waits until every message is acknowledged (or finally failed). True when none is outstanding.
  bool flush(std::chrono::milliseconds timeout);
  std::uint64_t outstanding() const { return static_cast<std::uint64_t>(rd_kafka_outq_len(rk_)); }

  std::uint64_t acknowledged(Kind kind) const { return acknowledged_[static_cast<unsigned>(kind)].load(); }
  std::uint64_t failed() const { return failed_.load(); }
  BrokerState& broker_state() { return state_; }

 private:
  static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  rd_kafka_t* rk_ = nullptr;
  OffsetTracker* tracker_;
  const std::atomic<bool>& stopping_;
  std::chrono::milliseconds give_up_after_;
  BrokerState state_{"producer"};
  std::atomic<std::uint64_t> acknowledged_[4] = {};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace sigil::kafka
