#include "engine/kafka/broker_state.hpp"

#include <string_view>

#include <fmt/core.h>

namespace sigil::kafka {
namespace {

void drop_log(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

void BrokerState::error(rd_kafka_t* rk, int err, const char* reason) {
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char detail[512];
    rd_kafka_resp_err_t cause = rd_kafka_fatal_error(rk, detail, sizeof detail);
    fatal_ = true;
    fmt::print(stderr, "sigil: kafka {}: fatal error: {}: {}\n", client_, rd_kafka_err2name(cause), detail);
    return;
  }
  // Wrong credentials, mechanism or CA do not fix themselves: stop instead of retrying silently
  // forever (the Java client also treats authentication errors as fatal). The reason never holds a
  // secret (librdkafka names the broker, the mechanism and the state).
  if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
      (err == RD_KAFKA_RESP_ERR__SSL && std::string_view(reason).find("certificate verify failed") != std::string_view::npos)) {
    if (!fatal_.exchange(true))
      fmt::print(stderr,
                 "sigil: kafka {}: authentication failed, not retrying: {} (check security.protocol, sasl.mechanism, "
                 "sasl.username, sasl.password, ssl.ca.location)\n",
                 client_, reason);
    return;
  }
  if (fatal_.load()) return;  // stopping anyway: "brokers unreachable, retrying" would mislead
  bool unreachable = err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__TRANSPORT ||
                     err == RD_KAFKA_RESP_ERR__RESOLVE;
  std::lock_guard lock(mutex_);
  int code = unreachable ? RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN : err;
  if (!reported_.insert(code).second) return;
  any_reported_ = true;
  if (unreachable) {
    down_ = true;
    fmt::print(stderr, "sigil: kafka {}: brokers unreachable ({}); retrying with backoff\n", client_, reason);
  } else {
    fmt::print(stderr, "sigil: kafka {}: {}: {}\n", client_, rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)),
               reason);
  }
}

void BrokerState::ok() {
  if (!any_reported_.load()) return;
  std::lock_guard lock(mutex_);
  any_reported_ = false;
  if (down_.exchange(false)) fmt::print(stderr, "sigil: kafka {}: brokers reachable again\n", client_);
  reported_.clear();
}

void quiet_librdkafka_logs(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, drop_log); }

}  // namespace sigil::kafka
