#pragma once
// The pipeline's sinks on Kafka.
//   KafkaAlertSink: one message per alert, the same JSON as the file sink, keyed by session.id
//     (no key when the alert's session is null); headers sigil.rule, sigil.atlas (comma-separated
//     ATLAS ids, "" for none), sigil.alert_id.
//   KafkaRejectSink: one message per dead letter; the value is the original record's bytes (cut
//     to `max_value_bytes`, then header sigil.truncated=true); headers sigil.reason,
//     sigil.message, sigil.source.topic, sigil.source.partition, sigil.source.offset,
//     sigil.original_length.
// Called from the pipeline's serial output stage.

#include <cstddef>
#include <string>

#include "engine/kafka/producer.hpp"
#include "engine/run/pipeline.hpp"

namespace sigil::kafka {

class KafkaAlertSink final : public AlertSink {
 public:
  KafkaAlertSink(Producer& producer, std::string topic) : producer_(producer), topic_(std::move(topic)) {}
  void write_alerts(std::string_view alerts) override;

 private:
  Producer& producer_;
  std::string topic_;
};

class KafkaRejectSink final : public RejectSink {
 public:
  KafkaRejectSink(Producer& producer, std::string topic, std::size_t max_value_bytes)
      : producer_(producer), topic_(std::move(topic)), max_value_bytes_(max_value_bytes) {}
  void write_dead_letters(std::string_view records) override;

 private:
  Producer& producer_;
  std::string topic_;
  std::size_t max_value_bytes_;
};

}  // namespace sigil::kafka
