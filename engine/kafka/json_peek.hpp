#pragma once
// Small reads of JSON the Kafka code needs without the normalizer: the session.id of a raw event
// (message key, split-session count), what names an alert (headers), and the parts of a
// dead-letter record (engine/ingest/dead_letter.hpp) a dead-letter message carries.
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigil::kafka {

// The string at top-level "session" -> "id" (or the dotted key "session.id"), stopping the scan as soon as it is found. nullopt
// when the text is not JSON up to that point, or has no such string.
std::optional<std::string> peek_session_id(std::string_view event_json);

struct AlertMeta {
  std::string alert_id;
  std::string rule_id;
  std::optional<std::string> session_id;  // nullopt: null in the alert
  std::vector<std::string> atlas_ids;     // technique (or sub-technique) ids, in order, distinct
};
// Reads a native or OCSF alert (docs/alerts.md). nullopt when it is not an alert object.
std::optional<AlertMeta> read_alert_meta(std::string_view alert_json);

struct DeadLetterParts {
  std::string reason;
  std::string message;
  std::string topic;
  int partition = -1;
  long long offset = -1;
  std::string original;  // the record's bytes (decoded from "original" or "original_base64")
  unsigned long long original_length = 0;
  bool truncated = false;
};
std::optional<DeadLetterParts> read_dead_letter(std::string_view record_json);

// Calls `f(line)` for each non-empty '\n'-terminated line of `lines`.
template <class F>
void for_each_line(std::string_view lines, F&& f) {
  std::size_t start = 0;
  while (start < lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    if (end > start) f(lines.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace sigil::kafka
