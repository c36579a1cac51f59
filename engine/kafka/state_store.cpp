#include "engine/kafka/state_store.hpp"

#include <charconv>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <fmt/core.h>

#include "engine/kafka/broker_state.hpp"

namespace sigil::kafka {
namespace {

using Clock = std::chrono::steady_clock;

int ms_of(std::chrono::milliseconds d) { return static_cast<int>(d.count()); }

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> header(const rd_kafka_message_t* message, const char* name) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR || !value)
    return std::nullopt;
  return std::string(static_cast<const char*>(value), size);
}

// One chunk as read: its headers and value.
struct Chunk {
  std::string generation;
  std::int64_t index = -1, count = -1, offset = 0;
  std::string value;
};

}  // namespace

StateStore::StateStore(const ClientConfig& config, std::string topic, const std::atomic<bool>& stop,
                       std::chrono::milliseconds timeout)
    : topic_(std::move(topic)), timeout_(timeout), producer_(config, nullptr, stop, timeout) {
  rd_kafka_conf_t* conf = make_conf(Role::consumer, config,
                                    {{"enable.auto.commit", "false"},
                                     {"auto.offset.reset", "earliest"},
                                     {"client.id", "sigil-state"}});
  char error[512];
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", error, sizeof error);
  // rd_kafka_assign() and rd_kafka_consumer_poll() need a group id; assign() alone never joins it.
  rd_kafka_conf_set(conf, "group.id", ("sigil-state-reader." + topic_).c_str(), error, sizeof error);
  quiet_librdkafka_logs(conf);
  reader_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!reader_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(fmt::format("cannot create the state topic reader: {}", error));
  }
  rd_kafka_poll_set_consumer(reader_);
  std::random_device random;
  generation_ = (static_cast<std::uint64_t>(random()) << 32) ^ random();
}

StateStore::~StateStore() {
  if (reader_) {
    rd_kafka_consumer_close(reader_);
    rd_kafka_destroy(reader_);
  }
}

std::string StateStore::ensure_topic() {
  char error[512];
  rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(topic_.c_str(), 1, -1, error, sizeof error);
  if (!topic) return fmt::format("cannot describe the state topic {}: {}", topic_, error);
  rd_kafka_NewTopic_set_config(topic, "cleanup.policy", "compact");
  rd_kafka_queue_t* queue = rd_kafka_queue_new(reader_);
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(reader_, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(options, ms_of(timeout_), error, sizeof error);
  rd_kafka_CreateTopics(reader_, &topic, 1, options, queue);
  // Polled in slices, serving the producer's error callback: an authentication failure ends the wait.
  rd_kafka_event_t* event = nullptr;
  for (auto deadline = Clock::now() + timeout_ + std::chrono::seconds(1); !event && Clock::now() < deadline;) {
    event = rd_kafka_queue_poll(queue, 100);
    producer_.poll(0);
    if (producer_.broker_state().fatal()) break;
  }
  std::string result;
  if (!event && producer_.broker_state().fatal()) {
    result = fmt::format("cannot create the state topic {}: the brokers refused the credentials", topic_);
  } else if (!event) {
    result = fmt::format("no answer from the brokers within {} ms when creating the state topic {}",
                         timeout_.count(), topic_);
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    result = fmt::format("cannot create the state topic {}: {}", topic_, rd_kafka_event_error_string(event));
  } else {
    std::size_t n = 0;
    const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &n);
    for (std::size_t i = 0; i < n; ++i) {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error(topics[i]);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        result = fmt::format("cannot create the state topic {}: {}", topic_, rd_kafka_topic_result_error_string(topics[i]));
    }
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(topic);
  return result;
}

void StateStore::write(const std::string& key, std::string_view bytes, std::int64_t offset) {
  std::size_t count = std::max<std::size_t>(1, (bytes.size() + kChunkBytes - 1) / kChunkBytes);
  std::string generation = fmt::format("{:016x}", generation_++);
  std::string offset_text = std::to_string(offset);
  std::string count_text = std::to_string(count);
  // Chunk 0 last: a reader that sees it with a new generation finds the other chunks too.
  for (std::size_t i = count; i-- > 0;) {
    std::string chunk_key = i == 0 ? key : fmt::format("{}/{}", key, i);
    std::string index_text = std::to_string(i);
    Header headers[] = {{"sigil.snapshot", generation},
                        {"sigil.chunk", index_text},
                        {"sigil.chunks", count_text},
                        {"sigil.offset", offset_text}};
    producer_.produce(topic_, chunk_key, bytes.substr(std::min(bytes.size(), i * kChunkBytes), kChunkBytes), headers,
                      Producer::Kind::state);
    ++written_;
  }
  // Chunks of a longer earlier snapshot: deleted (null value), so compaction drops them.
  std::size_t& known = chunks_[key];
  for (std::size_t i = count; i < known; ++i) {
    producer_.produce(topic_, fmt::format("{}/{}", key, i), std::string_view(), {}, Producer::Kind::state);
    ++written_;
  }
  known = count;
}

bool StateStore::flush() {
  auto deadline = Clock::now() + timeout_;
  while (producer_.acknowledged(Producer::Kind::state) + producer_.failed() < written_ && Clock::now() < deadline)
    producer_.flush(std::chrono::milliseconds(100));
  return producer_.acknowledged(Producer::Kind::state) == written_ && producer_.failed() == 0;
}

std::optional<std::map<std::string, StoredSnapshot>> StateStore::read(const std::set<std::string>& keys) {
  auto deadline = Clock::now() + timeout_;
  auto left = [&] {
    return std::max(0, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
  };
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_topic_t* handle = rd_kafka_topic_new(reader_, topic_.c_str(), nullptr);
  rd_kafka_resp_err_t err = rd_kafka_metadata(reader_, 0, handle, &metadata, left());
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
  std::vector<std::int32_t> partitions;
  for (int t = 0; t < metadata->topic_cnt; ++t)
    if (metadata->topics[t].err == RD_KAFKA_RESP_ERR_NO_ERROR)
      for (int p = 0; p < metadata->topics[t].partition_cnt; ++p) partitions.push_back(metadata->topics[t].partitions[p].id);
  rd_kafka_metadata_destroy(metadata);
  std::map<std::string, StoredSnapshot> out;
  if (partitions.empty()) return out;

  // Read every partition to its end (partition EOF), keeping the last value per key of interest.
  auto wanted = [&](std::string_view key) {
    auto slash = key.rfind('/');
    if (keys.count(std::string(key))) return true;
    return slash != std::string_view::npos && keys.count(std::string(key.substr(0, slash))) &&
           number(key.substr(slash + 1)).has_value();
  };
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (std::int32_t p : partitions)
    rd_kafka_topic_partition_list_add(list, topic_.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(reader_, list);
  rd_kafka_topic_partition_list_destroy(list);
  std::map<std::string, Chunk> last;
  std::set<std::int32_t> open(partitions.begin(), partitions.end());
  while (!open.empty() && left() > 0) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(reader_, std::min(left(), 100));
    if (!message) continue;
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      open.erase(message->partition);
    } else if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR && message->key) {
      std::string key(static_cast<const char*>(message->key), message->key_len);
      if (wanted(key)) {
        if (!message->payload) {
          last.erase(key);  // a tombstone
        } else {
          Chunk chunk;
          chunk.generation = header(message, "sigil.snapshot").value_or("");
          chunk.index = number(header(message, "sigil.chunk").value_or("")).value_or(-1);
          chunk.count = number(header(message, "sigil.chunks").value_or("")).value_or(-1);
          chunk.offset = number(header(message, "sigil.offset").value_or("")).value_or(RD_KAFKA_OFFSET_INVALID);
          chunk.value.assign(static_cast<const char*>(message->payload), message->len);
          last[key] = std::move(chunk);
        }
      }
    }
    rd_kafka_message_destroy(message);
  }
  rd_kafka_assign(reader_, nullptr);
  if (!open.empty()) return std::nullopt;

  for (const std::string& key : keys) {
    auto first = last.find(key);
    if (first == last.end()) continue;
    const Chunk& head = first->second;
    StoredSnapshot& snapshot = out[key];
    snapshot.offset = head.offset;
    if (head.index != 0 || head.count < 1 || head.generation.empty()) {
      snapshot.error = "a state record without valid sigil.* headers";
      continue;
    }
    chunks_[key] = static_cast<std::size_t>(head.count);
    snapshot.bytes = head.value;
    for (std::int64_t i = 1; i < head.count && snapshot.error.empty(); ++i) {
      auto chunk = last.find(fmt::format("{}/{}", key, i));
      if (chunk == last.end() || chunk->second.generation != head.generation || chunk->second.index != i)
        snapshot.error = fmt::format("incomplete snapshot (chunk {} of {} missing)", i + 1, head.count);
      else
        snapshot.bytes += chunk->second.value;
    }
    if (!snapshot.error.empty()) snapshot.bytes.clear();
  }
  return out;
}

}  // namespace sigil::kafka
