#pragma once
// What a person sees of librdkafka's connection troubles: one line on stderr when the brokers
// become unreachable (or another client error starts), one when they are reachable again, instead
// of librdkafka's line per retry. librdkafka keeps retrying with backoff on its own, except after an
// authentication failure (SASL, or a broker certificate that does not verify): that is fatal().
//
// Thread safety: any thread (librdkafka calls error_cb from whichever thread polls).

#include <atomic>
#include <mutex>
#include <set>
#include <string>

#include <librdkafka/rdkafka.h>

namespace sigil::kafka {

class BrokerState {
 public:
  explicit BrokerState(std::string client) : client_(std::move(client)) {}
  // librdkafka's error_cb.
  void error(rd_kafka_t* rk, int err, const char* reason);
  // Something reached a broker (a message, an acknowledgement, a commit).
  void ok();
  bool up() const { return !down_.load(); }
  bool fatal() const { return fatal_.load(); }

 private:
  std::string client_;
  std::mutex mutex_;
  std::set<int> reported_;  // errors reported since the last ok()
  std::atomic<bool> any_reported_{false};
  std::atomic<bool> down_{false};
  std::atomic<bool> fatal_{false};
};

// Drops librdkafka's own log lines (one per retry); errors still reach BrokerState::error. Not
// called when the user asked for librdkafka's logs with -X debug=....
void quiet_librdkafka_logs(rd_kafka_conf_t* conf);

}  // namespace sigil::kafka
