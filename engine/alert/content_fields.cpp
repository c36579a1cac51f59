#include "engine/alert/content_fields.hpp"

#include <array>

namespace sigil {
namespace {

constexpr std::array<ContentField, 16> kContentFields = {{
    {"prompt.text", true, "the input text"},
    {"response.text", true, "the answer text"},
    {"retrieval.query", true, "the query text"},
    {"retrieval.documents.content", true, "text written to or read from a document store"},
    {"tool.arguments", true, "arguments of a tool call (every sub-path)"},
    {"tool.result.error", true, "error message of a tool call (often echoes its input)"},
    {"system_prompt.diff", true, "a system prompt change as a diff"},
    // Names producers use outside the contract (extra fields are kept and can be matched).
    {"tool.result.output", false, "output of a tool call"},
    {"system_prompt.text", false, "system prompt content"},
    {"http.request.body.content", false, "API request body (ECS)"},
    {"http.response.body.content", false, "API response body (ECS)"},
    {"gen_ai.input.messages", false, "OpenTelemetry GenAI input messages"},
    {"gen_ai.output.messages", false, "OpenTelemetry GenAI output messages"},
    {"gen_ai.system_instructions", false, "OpenTelemetry GenAI system instructions"},
    {"gen_ai.tool.call.arguments", false, "OpenTelemetry GenAI tool call arguments"},
    {"gen_ai.tool.call.result", false, "OpenTelemetry GenAI tool call result"},
}};

}  // namespace

std::span<const ContentField> content_fields() { return kContentFields; }

bool is_content_path(std::string_view path) {
  for (const ContentField& f : kContentFields)
    if (path.starts_with(f.path) && (path.size() == f.path.size() || path[f.path.size()] == '.')) return true;
  return false;
}

}  // namespace sigil
