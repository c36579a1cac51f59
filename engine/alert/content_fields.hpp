#pragma once
// Which fields hold free text (what people and documents wrote, not identifiers): the fields that
// `sigil run --redact` masks whole. One explicit list, documented in docs/alerts.md "Redaction";
// tests/engine/alert_redaction_test.cpp checks that every field of the schema catalog is either
// in it or declared not to be content, so a field added to schemas/ must be classified.

#include <span>
#include <string_view>

namespace sigil {

struct ContentField {
  std::string_view path;     // canonical dotted path; every sub-path below it is content too
  bool in_contract;          // false: a common name outside the contract (OpenTelemetry GenAI, ...)
  std::string_view what;     // for the documentation
};

std::span<const ContentField> content_fields();

// Whether `path` is a content field or lies below one (`tool.arguments.body`).
bool is_content_path(std::string_view path);

// `url.full` (and a `url` inside a content field, such as tool.arguments.url): kept, but its
// query and fragment are content (data sent out in a URL).
inline constexpr std::string_view kUrlPath = "url.full";

}  // namespace sigil
