#include "engine/kafka/producer.hpp"

#include <memory>
#include <stdexcept>
#include <thread>

#include <fmt/core.h>

namespace sigil::kafka {
namespace {

// The opaque of a message: the tracker's token and the kind, in one pointer-sized number.
void* pack(std::uint64_t token, Producer::Kind kind) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>((token << 2) | static_cast<unsigned>(kind)));
}
std::uint64_t token_of(void* opaque) {
  std::uint64_t token = reinterpret_cast<std::uintptr_t>(opaque) >> 2;
  return token == (OffsetTracker::kNoBatch >> 2) ? OffsetTracker::kNoBatch : token;
}
unsigned kind_of(void* opaque) { return reinterpret_cast<std::uintptr_t>(opaque) & 3u; }

bool wants_librdkafka_logs(const ClientConfig& config) {
  for (const auto& [key, value] : config.properties)
    if (key == "debug" || key.ends_with(".debug")) return true;
  return false;
}

}  // namespace

Producer::Producer(const ClientConfig& config, OffsetTracker* tracker, const std::atomic<bool>& stopping,
                   std::chrono::milliseconds give_up_after)
    : tracker_(tracker), stopping_(stopping), give_up_after_(give_up_after) {
  rd_kafka_conf_t* conf = make_conf(Role::producer, config,
                                    {{"acks", "all"},
                                     {"enable.idempotence", "true"},
                                     {"message.timeout.ms", "0"},
                                     {"linger.ms", "1"},
                                     {"client.id", "sigil"}});
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_error_cb(conf, on_error);
  if (!wants_librdkafka_logs(config)) quiet_librdkafka_logs(conf);
  char error[512];
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!rk_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(fmt::format("cannot create the Kafka producer: {}", error));
  }
}

Producer::~Producer() {
  if (rk_) rd_kafka_destroy(rk_);
}

void Producer::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<Producer*>(opaque)->state_.error(rk, err, reason);
}

void Producer::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  bool ok = message->err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (ok) {
    self->state_.ok();
    ++self->acknowledged_[kind_of(message->_private)];
  } else {
    ++self->failed_;
    fmt::print(stderr, "sigil: kafka producer: a message to {} failed for good: {}\n",
               rd_kafka_topic_name(message->rkt), rd_kafka_err2str(message->err));
  }
  if (self->tracker_) self->tracker_->delivered(token_of(message->_private), ok);
}

void Producer::produce(const std::string& topic, std::optional<std::string_view> key, std::string_view value,
                       std::span<const Header> headers, Kind kind) {
  std::uint64_t token = tracker_ ? tracker_->produced() : OffsetTracker::kNoBatch;
  std::optional<std::chrono::steady_clock::time_point> give_up;
  void* key_data = key ? const_cast<char*>(key->data()) : nullptr;
  std::size_t key_size = key ? key->size() : 0;
  void* value_data = const_cast<char*>(value.data());
  std::size_t value_size = value.size();
  for (;;) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!headers.empty()) {
      hdrs = rd_kafka_headers_new(headers.size());
      for (const Header& h : headers)
        rd_kafka_header_add(hdrs, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                            static_cast<ssize_t>(h.value.size()));
    }
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key_data, key_size),
        RD_KAFKA_V_VALUE(value_data, value_size), RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_OPAQUE(pack(token, kind)), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;  // librdkafka owns the headers now
    if (hdrs) rd_kafka_headers_destroy(hdrs);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (stopping_.load()) {
        auto now = std::chrono::steady_clock::now();
        if (!give_up) give_up = now + give_up_after_;
        if (now < *give_up) {
          rd_kafka_poll(rk_, 100);
          continue;
        }
      } else {
        rd_kafka_poll(rk_, 100);
        continue;
      }
    }
    ++failed_;
    fmt::print(stderr, "sigil: kafka producer: cannot produce to {}: {}\n", topic, rd_kafka_err2str(err));
    if (tracker_) tracker_->delivered(token, false);
    return;
  }
}

bool Producer::connect(const std::string& topic, std::chrono::milliseconds timeout) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_, topic.c_str(), nullptr);
  if (!rkt) return false;
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 0, rkt, &metadata, static_cast<int>(timeout.count()));
  if (metadata) rd_kafka_metadata_destroy(metadata);
  rd_kafka_topic_destroy(rkt);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool Producer::flush(std::chrono::milliseconds timeout) {
  return rd_kafka_flush(rk_, static_cast<int>(timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace sigil::kafka
