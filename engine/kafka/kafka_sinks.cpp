#include "engine/kafka/kafka_sinks.hpp"

#include <array>

#include "engine/kafka/json_peek.hpp"

namespace sigil::kafka {

void KafkaAlertSink::write_alerts(std::string_view alerts) {
  for_each_line(alerts, [&](std::string_view line) {
    std::optional<AlertMeta> meta = read_alert_meta(line);
    if (!meta) {
      producer_.produce(topic_, std::nullopt, line, {}, Producer::Kind::alert);
      return;
    }
    std::string atlas;
    for (const std::string& id : meta->atlas_ids) {
      if (!atlas.empty()) atlas += ',';
      atlas += id;
    }
    std::array<Header, 3> headers{{{"sigil.rule", meta->rule_id}, {"sigil.atlas", atlas}, {"sigil.alert_id", meta->alert_id}}};
    std::optional<std::string_view> key;
    if (meta->session_id) key = *meta->session_id;
    producer_.produce(topic_, key, line, headers, Producer::Kind::alert);
  });
}

void KafkaRejectSink::write_dead_letters(std::string_view records) {
  for_each_line(records, [&](std::string_view line) {
    std::optional<DeadLetterParts> parts = read_dead_letter(line);
    if (!parts) {  // cannot happen for records of engine/ingest/dead_letter.cpp; keep it whole
      producer_.produce(topic_, std::nullopt, line.substr(0, max_value_bytes_), {}, Producer::Kind::dead_letter);
      return;
    }
    std::string partition = std::to_string(parts->partition);
    std::string offset = std::to_string(parts->offset);
    std::string length = std::to_string(parts->original_length);
    bool cut = parts->truncated || parts->original.size() > max_value_bytes_;
    std::string_view value = std::string_view(parts->original).substr(0, max_value_bytes_);
    std::string_view message = std::string_view(parts->message).substr(0, 4096);
    std::vector<Header> headers{{"sigil.reason", parts->reason},
                                {"sigil.message", message},
                                {"sigil.source.topic", parts->topic},
                                {"sigil.source.partition", partition},
                                {"sigil.source.offset", offset},
                                {"sigil.original_length", length}};
    if (cut) headers.push_back({"sigil.truncated", "true"});
    producer_.produce(topic_, std::nullopt, value, headers, Producer::Kind::dead_letter);
  });
}

}  // namespace sigil::kafka
