#include "engine/kafka/kafka_stats.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace sigil::kafka {

std::int64_t KafkaStats::total_lag() const {
  std::int64_t total = 0;
  for (const PartitionLag& p : lag)
    if (p.lag > 0) total += p.lag;
  return total;
}

std::string KafkaStats::line() const {
  std::string lags;
  for (const PartitionLag& p : lag) {
    if (!lags.empty()) lags += ' ';
    lags += p.lag < 0 ? fmt::format("{}/{}:?", p.topic, p.partition) : fmt::format("{}/{}:{}", p.topic, p.partition, p.lag);
  }
  return fmt::format(
      "sigil: kafka: consumed {} ({:.0f}/s), lag {} [{}], alerts {}, dead letters {}, split sessions {}, "
      "committed {} (failed {}), unacknowledged {}, delivery failures {}, brokers {}",
      consumed, consumed_per_second, total_lag(), lags, alerts, dead_letters, split_sessions, commits,
      commit_failures, unacknowledged, delivery_failures, brokers_up ? "up" : "unreachable");
}

std::string KafkaStats::json() const {
  std::string lags;
  for (const PartitionLag& p : lag) {
    if (!lags.empty()) lags += ',';
    // Topic names are [a-zA-Z0-9._-]: nothing to escape.
    lags += fmt::format("{{\"topic\":\"{}\",\"partition\":{},\"lag\":{}}}", p.topic, p.partition, p.lag);
  }
  return fmt::format(
      "{{\"time\":{},\"consumed\":{},\"consumed_bytes\":{},\"consumed_per_second\":{:.1f},\"lag_total\":{},"
      "\"lag\":[{}],\"alerts\":{},\"dead_letters\":{},\"delivery_failures\":{},\"split_sessions\":{},"
      "\"commits\":{},\"commit_failures\":{},\"rebalances\":{},\"unacknowledged\":{},\"brokers_up\":{}}}\n",
      static_cast<long long>(std::time(nullptr)), consumed, consumed_bytes, consumed_per_second, total_lag(), lags,
      alerts, dead_letters, delivery_failures, split_sessions, commits, commit_failures, rebalances, unacknowledged,
      brokers_up ? "true" : "false");
}

bool write_file_atomically(const std::string& path, const std::string& text) {
  std::string temporary = path + ".tmp";
  std::FILE* f = std::fopen(temporary.c_str(), "w");
  if (!f) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  return ok && std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace sigil::kafka
