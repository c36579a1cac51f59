#include "engine/kafka/kafka_source.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <fmt/core.h>

#include "engine/kafka/json_peek.hpp"

namespace sigil::kafka {
namespace {

using Clock = std::chrono::steady_clock;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t*)>;

PartitionList new_list(int size) { return {rd_kafka_topic_partition_list_new(size), rd_kafka_topic_partition_list_destroy}; }

}  // namespace

KafkaSource::KafkaSource(const ClientConfig& config, SourceTable& sources, OffsetTracker& tracker, Producer& producer,
                         const std::atomic<bool>& stop, KafkaSourceOptions options)
    : sources_(sources), tracker_(tracker), producer_(producer), stop_(stop), options_(std::move(options)) {
  for (const std::string& topic : options_.topics)
    if (!topic_sources_.count(topic)) topic_sources_.emplace(topic, sources_.add(SourceTable::Type::kafka, topic));
  std::vector<std::pair<std::string, std::string>> defaults{{"enable.auto.commit", "false"},
                                                            {"enable.auto.offset.store", "false"},
                                                            {"auto.offset.reset", "earliest"},
                                                            {"enable.partition.eof", "false"},
                                                            {"client.id", "sigil"}};
  if (!options_.group.empty()) defaults.emplace_back("group.id", options_.group);
  rd_kafka_conf_t* conf = make_conf(Role::consumer, config, defaults);
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
  rd_kafka_conf_set_offset_commit_cb(conf, on_commit);
  rd_kafka_conf_set_error_cb(conf, on_error);
  bool debug = false;
  for (const auto& [key, value] : config.properties) debug = debug || key == "debug" || key.ends_with(".debug");
  if (!debug) quiet_librdkafka_logs(conf);
  char error[512];
  consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!consumer_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(fmt::format("cannot create the Kafka consumer: {}", error));
  }
  rd_kafka_poll_set_consumer(consumer_);
  PartitionList topics = new_list(static_cast<int>(options_.topics.size()));
  for (const std::string& topic : options_.topics)
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_, topics.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(consumer_);
    consumer_ = nullptr;
    throw std::runtime_error(fmt::format("cannot subscribe: {}", rd_kafka_err2str(err)));
  }
  last_stats_ = last_commit_ = Clock::now();
}

KafkaSource::~KafkaSource() {
  if (consumer_) rd_kafka_destroy(consumer_);
}

void KafkaSource::on_rebalance(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                               void* opaque) {
  static_cast<KafkaSource*>(opaque)->rebalance(err, partitions);
}
void KafkaSource::on_commit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                            void* opaque) {
  static_cast<KafkaSource*>(opaque)->committed(err, offsets);
}
void KafkaSource::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<KafkaSource*>(opaque)->state_.error(rk, err, reason);
}

bool KafkaSource::failed() const { return tracker_.failed() || state_.fatal() || producer_.broker_state().fatal(); }

bool KafkaSource::stopping() const { return stop_.load() || failed(); }

std::uint32_t KafkaSource::source_of(const char* topic) {
  auto it = topic_sources_.find(std::string_view(topic));
  if (it != topic_sources_.end()) return it->second;
  return topic_sources_.emplace(topic, sources_.add(SourceTable::Type::kafka, topic)).first->second;
}

std::string KafkaSource::describe(const rd_kafka_topic_partition_list_t* partitions) const {
  std::string out;
  for (int i = 0; i < partitions->cnt; ++i)
    out += fmt::format("{}{}/{}", i ? " " : "", partitions->elems[i].topic, partitions->elems[i].partition);
  return out.empty() ? "none" : out;
}

bool KafkaSource::read(RawBatch& batch, const ReadLimits& limits) {
  batch.clear();
  // Adaptive batching: block only while the batch is empty; once it holds a message, take what
  // librdkafka already has and hand the batch on as soon as its queue is empty (or the batch is
  // full). With a backlog the queue never empties, so batches fill up; when the stream keeps up,
  // a batch is whatever arrived since the last one, handed on without waiting (docs/kafka.md).
  std::optional<Clock::time_point> first;
  const Clock::time_point started = Clock::now();
  while (!stopping()) {
    service(false);
    int timeout_ms = static_cast<int>(kIdleTick.count());
    if (first) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*first + options_.linger - Clock::now());
      timeout_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 100));
    }
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_, timeout_ms);
    if (!revoked_now_.empty()) {
      drop_revoked(batch);
      if (batch.records.empty()) first.reset();
    }
    if (!message) {
      if (first && Clock::now() >= *first + options_.linger) break;
      // Idle topic: hand on an empty batch now and then, so that the pipeline moves event time
      // on with the wall clock and windows and absence spans close while nothing arrives.
      if (!first && Clock::now() >= started + kIdleTick) break;
      continue;
    }
    if (message->err) {
      if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        state_.error(consumer_, message->err, rd_kafka_message_errstr(message));
      rd_kafka_message_destroy(message);
      continue;
    }
    state_.ok();
    append(batch, *message);
    rd_kafka_message_destroy(message);
    if (!first) first = Clock::now();
    if (batch.records.size() >= limits.max_records || batch.bytes.size() >= limits.max_bytes) break;
  }
  if (batch.records.empty()) {
    if (stopping()) return false;
    tracker_.batch_read(&batch, {});  // commits nothing, but batch_done() must find it in order
    return true;
  }
  std::map<PartitionKey, std::int64_t> highest;
  for (const RawRecord& r : batch.records) {
    std::int64_t& h = highest.try_emplace(partition_key(r.position.source, r.position.partition), -1).first->second;
    h = std::max(h, r.position.offset);
  }
  tracker_.batch_read(&batch, {highest.begin(), highest.end()});
  return true;
}

void KafkaSource::append(RawBatch& batch, const rd_kafka_message_t& message) {
  std::uint32_t source = source_of(rd_kafka_topic_name(message.rkt));
  std::string_view payload(static_cast<const char*>(message.payload), message.payload ? message.len : 0);
  RawRecord record;
  record.offset = batch.bytes.size();
  record.length = std::min(payload.size(), options_.keep_bytes);
  record.original_length = payload.size();
  record.position = SourcePosition{source, message.partition, message.offset};
  batch.bytes.append(payload.substr(0, record.length));
  batch.records.push_back(record);
  ++consumed_;
  consumed_bytes_ += payload.size();

  // The honest cost of producers that do not key by session.id: events of one session read from
  // several partitions (so possibly by several processes, each with part of the session's state).
  PartitionKey here = partition_key(source, message.partition);
  if (std::optional<std::string> session = peek_session_id(payload.substr(0, record.length))) {
    if (session_partition_.size() >= options_.max_tracked_sessions) session_partition_.clear();
    auto [it, inserted] = session_partition_.try_emplace(std::move(*session), here);
    if (!inserted && it->second != here) {
      ++split_sessions_;
      it->second = here;
    }
  }
}

void KafkaSource::drop_revoked(RawBatch& batch) {
  std::erase_if(batch.records, [&](const RawRecord& r) {
    return revoked_now_.count(partition_key(r.position.source, r.position.partition)) != 0;
  });
  revoked_now_.clear();
}

void KafkaSource::batch_done(const RawBatch& batch) { tracker_.batch_done(&batch); }

void KafkaSource::service(bool force_commit) {
  producer_.poll(0);
  auto now = Clock::now();
  if (force_commit || now - last_commit_ >= options_.commit_interval) {
    last_commit_ = now;
    commit(false);
  }
  if (options_.stats_interval.count() > 0 && now - last_stats_ >= options_.stats_interval) stats_tick(false);
}

void KafkaSource::commit(bool sync) {
  tracker_.collect(committable_);
  PartitionList list = new_list(static_cast<int>(committable_.size()));
  for (const auto& [key, offset] : committable_) {
    if (!assigned_.count(key)) continue;
    auto done = committed_.find(key);
    if (done != committed_.end() && done->second >= offset) continue;
    rd_kafka_topic_partition_list_add(list.get(), sources_.at(key_source(key)).name.c_str(), key_partition(key))->offset =
        offset;
  }
  if (list->cnt == 0) return;
  if (!sync) {
    rd_kafka_commit(consumer_, list.get(), 1);  // on_commit reports the outcome
    return;
  }
  rd_kafka_resp_err_t err = rd_kafka_commit(consumer_, list.get(), 0);
  committed(err, list.get());
}

void KafkaSource::committed(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets) {
  if (!offsets) return;
  for (int i = 0; i < offsets->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = offsets->elems[i];
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.offset >= 0) {
      std::int64_t& done = committed_[partition_key(source_of(p.topic), p.partition)];
      if (p.offset > done) {
        done = p.offset;
        ++commits_;
      }
    } else if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      ++commit_failures_;  // retried at the next commit: committed_ did not advance
    }
  }
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) state_.ok();
}

bool KafkaSource::drain(Clock::time_point deadline) {
  while (tracker_.batches_open() > 0 && Clock::now() < deadline) producer_.poll(10);
  while (tracker_.unacknowledged() > 0 && Clock::now() < deadline) producer_.flush(std::chrono::milliseconds(100));
  tracker_.collect(committable_);
  if (tracker_.batches_open() == 0 && tracker_.unacknowledged() == 0) return true;
  fmt::print(stderr,
             "sigil: kafka: in-flight work not finished within {} ms; its offsets are not committed (it will be "
             "read again)\n",
             options_.drain_timeout.count());
  return false;
}

void KafkaSource::rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  ++rebalances_;
  bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(consumer_), "COOPERATIVE") == 0;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    for (int i = 0; i < partitions->cnt; ++i)
      assigned_.insert(partition_key(source_of(partitions->elems[i].topic), partitions->elems[i].partition));
    if (!options_.quiet) fmt::print(stderr, "sigil: kafka: assigned {}\n", describe(partitions));
    if (listener_) tell_assigned(partitions);
    if (cooperative) rd_kafka_error_destroy(rd_kafka_incremental_assign(consumer_, partitions));
    else rd_kafka_assign(consumer_, partitions);
    return;
  }
  // Revoked (or an error): finish what was read, flush, commit, then let the partitions go.
  bool drained = drain(Clock::now() + options_.drain_timeout);
  commit(true);
  if (listener_) {
    std::vector<PartitionOffset> revoked;
    for (int i = 0; i < partitions->cnt; ++i) {
      const rd_kafka_topic_partition_t& p = partitions->elems[i];
      PartitionKey key = partition_key(source_of(p.topic), p.partition);
      auto done = committable_.find(key);
      auto at = assigned_at_.find(key);
      std::int64_t offset = done != committable_.end() ? done->second
                            : at != assigned_at_.end()  ? at->second
                                                        : RD_KAFKA_OFFSET_INVALID;
      revoked.push_back({key_source(key), p.topic, p.partition, offset});
      assigned_at_.erase(key);
    }
    listener_->revoked(revoked, drained);
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    PartitionKey key = partition_key(source_of(partitions->elems[i].topic), partitions->elems[i].partition);
    revoked_now_.insert(key);
    assigned_.erase(key);
    committable_.erase(key);
    committed_.erase(key);
  }
  if (!options_.quiet) fmt::print(stderr, "sigil: kafka: revoked {}\n", describe(partitions));
  if (cooperative) rd_kafka_error_destroy(rd_kafka_incremental_unassign(consumer_, partitions));
  else rd_kafka_assign(consumer_, nullptr);
}

void KafkaSource::tell_assigned(const rd_kafka_topic_partition_list_t* partitions) {
  // The group's committed offsets: where reading resumes, so where a restored state must be.
  PartitionList committed = new_list(partitions->cnt);
  for (int i = 0; i < partitions->cnt; ++i)
    rd_kafka_topic_partition_list_add(committed.get(), partitions->elems[i].topic, partitions->elems[i].partition);
  rd_kafka_resp_err_t err = rd_kafka_committed(consumer_, committed.get(), 30'000);
  std::vector<PartitionOffset> assigned;
  for (int i = 0; i < committed->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = committed->elems[i];
    std::int64_t offset = err == RD_KAFKA_RESP_ERR_NO_ERROR && p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.offset >= 0
                              ? p.offset
                              : RD_KAFKA_OFFSET_INVALID;
    PartitionKey key = partition_key(source_of(p.topic), p.partition);
    assigned_at_[key] = offset;
    assigned.push_back({key_source(key), p.topic, p.partition, offset});
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    fmt::print(stderr, "sigil: kafka: cannot read the committed offsets of the assigned partitions: {}\n",
               rd_kafka_err2str(err));
  listener_->assigned(assigned);
}

KafkaStats KafkaSource::stats() const {
  KafkaStats s;
  s.consumed = consumed_;
  s.consumed_bytes = consumed_bytes_;
  s.alerts = producer_.acknowledged(Producer::Kind::alert);
  s.dead_letters = producer_.acknowledged(Producer::Kind::dead_letter) + other_dead_letters_.load();
  s.delivery_failures = producer_.failed();
  s.split_sessions = split_sessions_;
  s.commits = commits_;
  s.commit_failures = commit_failures_;
  s.rebalances = rebalances_;
  s.unacknowledged = tracker_.unacknowledged();
  s.brokers_up = state_.up() && producer_.broker_state().up();
  return s;
}

void KafkaSource::stats_tick(bool final) {
  auto now = Clock::now();
  KafkaStats s = stats();
  double seconds = std::chrono::duration<double>(now - last_stats_).count();
  if (seconds > 0) s.consumed_per_second = static_cast<double>(consumed_ - consumed_at_last_stats_) / seconds;
  last_stats_ = now;
  consumed_at_last_stats_ = consumed_;
  PartitionList list = new_list(static_cast<int>(assigned_.size()));
  for (PartitionKey key : assigned_)
    rd_kafka_topic_partition_list_add(list.get(), sources_.at(key_source(key)).name.c_str(), key_partition(key));
  rd_kafka_position(consumer_, list.get());
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    std::int64_t low = -1, high = -1;
    PartitionLag lag{p.topic, p.partition, -1};
    if (rd_kafka_get_watermark_offsets(consumer_, p.topic, p.partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        high >= 0) {
      auto done = committed_.find(partition_key(source_of(p.topic), p.partition));
      std::int64_t position = p.offset >= 0 ? p.offset : done != committed_.end() ? done->second : -1;
      if (position >= 0) lag.lag = std::max<std::int64_t>(0, high - position);
    }
    s.lag.push_back(std::move(lag));
  }
  if (!options_.quiet && (!final || options_.stats_interval.count() > 0)) fmt::print(stderr, "{}\n", s.line());
  if (!options_.stats_json.empty() && !write_file_atomically(options_.stats_json, s.json()))
    fmt::print(stderr, "sigil: kafka: cannot write {}\n", options_.stats_json);
}

bool KafkaSource::finish(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (tracker_.unacknowledged() > 0 && Clock::now() < deadline) producer_.flush(std::chrono::milliseconds(100));
  commit(true);
  bool complete = tracker_.batches_open() == 0 && tracker_.unacknowledged() == 0 && !failed();
  if (!complete)
    fmt::print(stderr, "sigil: kafka: {} message(s) not acknowledged{}; offsets after them were not committed (they "
                       "will be read again)\n",
               tracker_.unacknowledged(), failed() ? " or failed" : "");
  stats_tick(true);
  rd_kafka_consumer_close(consumer_);  // leaves the group; the revoke callback finds nothing left to do
  return complete;
}

}  // namespace sigil::kafka
