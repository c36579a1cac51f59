// Fuzz target: the alert writer round trip. Any event the normalizer accepts -> an alert (native
// and OCSF) whose evidence holds every field of the event and whose message is rendered from a
// template over the prompt text -> the alert must parse back with RapidJSON (strict UTF-8), be one
// line, and hold the prompt text byte for byte, in the evidence and in the message.
//
// Input: first byte selects the mode.
//   even: the rest is prompt text, turned into a well-formed event: every code point (invalid
//         UTF-8 bytes become U+FFFD) written raw or as a \u escape (surrogate pairs above the BMP),
//         as the next input bit says; the expected text is its UTF-8. Checks the normalizer's
//         unescaping too.
//   odd:  the rest is a whole record; if the normalizer accepts it, the round trip is checked
//         against whatever prompt.text (or nothing) it holds.
// Then the same alert redacted (levels all and secrets): one line of strict JSON, and at level
// all no prompt text in the evidence or the message.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/alert/redaction.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/normalizer.hpp"
#include "fuzz_support.hpp"

using namespace sigil;

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes strict UTF-8; an invalid byte is U+FFFD.
std::vector<std::uint32_t> code_points(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (n <= 4 && i + n <= s.size() && !sigil_fuzz::valid_utf8(s.substr(i, n))) ++n;
    if (n > 4 || i + n > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    std::string_view c = s.substr(i, n);
    std::uint32_t cp = n == 1 ? static_cast<unsigned char>(c[0]) : static_cast<unsigned char>(c[0]) & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(c[k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string hex4(std::uint32_t v, bool upper) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, upper ? "\\u%04X" : "\\u%04x", v);
  return buffer;
}

struct Built {
  std::string json_text;  // the JSON string body
  std::string expected;   // its value
};

Built build_text(std::string_view input) {
  Built b;
  std::size_t bit = 0;
  for (std::uint32_t cp : code_points(input)) {
    append_utf8(b.expected, cp);
    const bool escape = cp < 0x20 || cp == '"' || cp == '\\' || ((input[bit / 8 % input.size()] >> (bit % 8)) & 1);
    ++bit;
    if (!escape) {
      append_utf8(b.json_text, cp);
    } else if (cp < 0x10000) {
      b.json_text += hex4(cp, false);
    } else {
      const std::uint32_t v = cp - 0x10000;
      b.json_text += hex4(0xD800 + (v >> 10), true) + hex4(0xDC00 + (v & 0x3FF), false);
    }
  }
  return b;
}

std::string get(const rapidjson::Value& v) { return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<not a string>"; }

// Renders the alert and checks what holds whatever the event: one line, a JSON object (strict
// UTF-8 unless the build is lenient). Fails the run naming `what` otherwise.
rapidjson::Document render_checked(const AlertContext& context, const RuleInfo& rule, std::string_view message,
                                   const EvidenceEvent& evidence, std::string_view what, std::string& alert) {
  alert.clear();
  append_alert(alert, context, rule, message, std::span(&evidence, 1));
  if (alert.empty() || alert.find('\n') != alert.size() - 1)
    sigil_fuzz::fail((std::string(what) + " is not one line").c_str(), alert);
  rapidjson::Document doc;
  if (sigil_fuzz::lenient_utf8()) doc.Parse(alert.c_str(), alert.size() - 1);
  else doc.Parse<rapidjson::kParseValidateEncodingFlag>(alert.c_str(), alert.size() - 1);
  if (doc.HasParseError() || !doc.IsObject()) sigil_fuzz::fail((std::string(what) + " is not valid JSON").c_str(), alert);
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FieldPlan* plan = [] {
    auto* p = new FieldPlan(FieldCatalog::builtin());
    p->add_path("tool.arguments.to");
    p->add_path("extra.field");
    p->materialize_all();
    p->freeze();
    return p;
  }();
  static SourceTable sources = [] {
    SourceTable t;
    t.add(SourceTable::Type::file, "in\"\n\x01.jsonl");
    return t;
  }();
  static Normalizer normalizer(*plan, {});
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string line;
  std::optional<std::string> expected;
  if (data[0] % 2 == 0) {
    Built b = build_text(rest);
    line = R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","event":{"id":"e-1"},"session":{"id":"s1"},)"
           R"("user":{"id":"u1"},"prompt":{"text":")" + b.json_text + R"("}})";
    expected = b.expected;
  } else {
    line = std::string(rest);
  }

  RawBatch batch;
  batch.bytes = line;
  batch.records.push_back({0, line.size(), line.size(), {0, -1, 7}});
  std::string scratch = line + '\0';
  Event event;
  Rejection rejection;
  if (!normalizer.normalize(batch, batch.records[0], scratch.data(), event, rejection)) {
    if (expected) sigil_fuzz::fail("a well-formed prompt event was rejected", rejection.message + "\n" + line);
    return 0;
  }
  const FieldId prompt_text = *plan->find("prompt.text");
  const FieldId user_id = *plan->find("user.id");
  const Value* pv = event.first(prompt_text);
  const bool prompt_is_string = pv && pv->type == ValueType::string;
  if (expected && (!prompt_is_string || pv->text != *expected))
    sigil_fuzz::fail("the normalizer changed the prompt text", line);

  EvidenceEvent evidence{&event, {}};
  for (FieldId id = 0; id < plan->size(); ++id)
    if (const Value* v = event.first(id)) evidence.fields.push_back({id, v});
  if (auto absent = plan->find("extra.field"); absent && !event.first(*absent))
    evidence.fields.push_back({*absent, nullptr});  // an absent field is written as null

  OutputTemplate output;
  output.segments.push_back({"P:", kNoField, ""});
  output.segments.push_back({"", prompt_text, "prompt.text"});
  output.segments.push_back({"|U:", kNoField, ""});
  output.segments.push_back({"", user_id, "user.id"});
  std::string message;
  render_message(message, output, event);
  if (prompt_is_string && !message.starts_with("P:" + std::string(pv->text) + "|U:"))
    sigil_fuzz::fail("the message does not hold the prompt text", message);

  RuleInfo rule;
  rule.id = "fuzz_rule";
  rule.title = "T\"itle\x1f";
  rule.severity = Severity::critical;
  rule.tags = {"owasp.llm01", "a\\b"};
  std::string alert;
  for (AlertFormat format : {AlertFormat::native, AlertFormat::ocsf}) {
    const AlertContext context{plan, &sources, 1795600800000000000LL, format, "5.6.0"};
    const rapidjson::Document doc = render_checked(context, rule, message, evidence, "alert", alert);
    if (!doc.HasMember("message") || get(doc["message"]) != message)
      sigil_fuzz::fail("alert message differs", alert);
    if (format == AlertFormat::native) {
      const auto& fields = doc["evidence"][0]["fields"];
      if (prompt_is_string && (!fields.HasMember("prompt.text") || get(fields["prompt.text"]) != pv->text))
        sigil_fuzz::fail("evidence prompt.text differs", alert);
    }
  }

  // Redacted (`--redact`, `--redact=secrets`): still one line of strict JSON whatever the event;
  // at level all the prompt text is replaced by its length and digest, in the evidence and in
  // the message rendered again from the masked values.
  static const Redactor redact_all(RedactLevel::all), redact_secrets(RedactLevel::secrets);
  rule.output = output;
  for (const Redactor* redactor : {&redact_all, &redact_secrets})
    for (AlertFormat format : {AlertFormat::native, AlertFormat::ocsf}) {
      const AlertContext context{plan, &sources, 1795600800000000000LL, format, "5.6.0", redactor};
      const rapidjson::Document doc = render_checked(context, rule, message, evidence, "redacted alert", alert);
      if (redactor != &redact_all || format != AlertFormat::native || !prompt_is_string) continue;
      const auto& fields = doc["evidence"][0]["fields"];
      if (!fields.HasMember("prompt.text") || !fields["prompt.text"].IsObject() ||
          !fields["prompt.text"].HasMember("length") || !fields["prompt.text"]["length"].IsUint64() ||
          fields["prompt.text"]["length"].GetUint64() != pv->text.size())
        sigil_fuzz::fail("redacted evidence prompt.text is not its length and digest", alert);
      if (!pv->text.empty() && get(doc["message"]).starts_with("P:" + std::string(pv->text) + "|U:"))
        sigil_fuzz::fail("the redacted message holds the prompt text", alert);
    }
  return 0;
}
