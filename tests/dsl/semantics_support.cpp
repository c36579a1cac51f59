#include "dsl/semantics_support.hpp"

#include <doctest/doctest.h>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "dsl/syntax/parser.hpp"

namespace sigil::dsl::semantics {
namespace {

std::string render_all(const Diagnostics& diagnostics, const SourceFiles& files, bool errors_only) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all())
    if (!errors_only || d.severity == dsl::Severity::error) out += render_text(d, files);
  return out;
}

bool mentions(const std::string& fields, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys)
    if (fields.find(key) != std::string::npos) return true;
  return false;
}

}  // namespace

Rules::Rules(const std::string& text) : Rules(std::vector<NamedText>{{"<test>", text}}) {}

Rules::Rules(const std::vector<NamedText>& files) {
  std::vector<syntax::File> trees;
  for (const auto& [name, text] : files)
    trees.push_back(syntax::parse_file(set_.files, set_.files.add(name, text), diagnostics_));
  check::CheckedFiles checked = check::check_files(trees, set_.files, diagnostics_);
  REQUIRE_MESSAGE(!diagnostics_.has_errors(), render_all(diagnostics_, set_.files, true));
  set_.rules = std::move(checked.rules);
  set_.settings = std::move(checked.settings);
  set_.files_parsed = files.size();
  set_.rules_read = set_.rules.size();
  graph_ = compile_rules(set_, diagnostics_);
  REQUIRE_MESSAGE(graph_ != nullptr, render_all(diagnostics_, set_.files, true));
  REQUIRE(graph_->plan != nullptr);
  REQUIRE(graph_->rules.size() == set_.rules.size());
  normalizer_ = std::make_unique<Normalizer>(*graph_->plan, NormalizerLimits{});
  evaluator_ = std::make_unique<eval::Evaluator>(*graph_);
}

Rules::~Rules() = default;

std::string Rules::warnings() const { return render_all(diagnostics_, set_.files, false); }

const Event& Rules::normalize(const std::string& event_json) {
  batch_.clear();
  batch_.bytes = event_json;
  RawRecord record;
  record.length = event_json.size();
  record.original_length = event_json.size();
  record.position.offset = 1;
  batch_.records.push_back(record);
  scratch_.assign(event_json);
  scratch_.push_back('\0');
  bool ok = normalizer_->normalize(batch_, batch_.records[0], scratch_.data(), event_, rejection_);
  REQUIRE_MESSAGE(ok, "event rejected: " << rejection_.message << "\n  " << event_json);
  return event_;
}

std::vector<std::string> Rules::fired(const std::string& event_json) {
  const Event& e = normalize(event_json);
  std::vector<std::string> out;
  evaluator_->evaluate(e, [&](std::uint32_t rule) { out.push_back(graph_->rules.at(rule).info.id); });
  return out;
}

bool Rules::fires(std::string_view rule_id, const std::string& event_json) {
  bool known = false;
  for (const eval::CompiledRule& r : graph_->rules) known = known || r.info.id == rule_id;
  REQUIRE_MESSAGE(known, "no compiled rule " << rule_id);
  for (const std::string& id : fired(event_json))
    if (id == rule_id) return true;
  return false;
}

std::string rule(const std::string& id, const std::string& kinds, const std::string& body) {
  return "rule " + id + " {\n  title \"" + id + "\"\n  severity low\n  atlas AML.T0051\n  on " + kinds + "\n" +
         body + "\n}\n";
}

std::string one(const std::string& id, const std::string& kinds, const std::string& test) {
  return rule(id, kinds, "  selection s { " + test + " }");
}

std::string event_at(std::string_view kind, const std::string& time, const std::string& fields) {
  std::string out = "{\"kind\":\"" + std::string(kind) + "\"";
  if (!mentions(fields, {"\"time\"", "\"time_unix_nano\""})) out += ",\"time\":" + json_string(time);
  if (!mentions(fields, {"\"session.id\"", "\"session\":{\"id\""})) out += ",\"session.id\":\"s1\"";
  if (!mentions(fields, {"\"user.id\"", "\"user\":{\"id\""})) out += ",\"user.id\":\"u1\"";
  if (kind == "token_usage" && !mentions(fields, {"input_tokens"})) out += ",\"usage.input_tokens\":1";
  if (kind == "token_usage" && !mentions(fields, {"output_tokens"})) out += ",\"usage.output_tokens\":1";
  if (kind == "api_call" && !mentions(fields, {"server.address", "\"server\":{\"address\""}))
    out += ",\"server.address\":\"api.example\"";
  if (!fields.empty()) out += "," + fields;
  return out + "}";
}

std::string event(std::string_view kind, const std::string& fields) {
  return event_at(kind, "2026-11-25T10:00:00Z", fields);
}

std::string json_string(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string prompt_text(const std::string& text) { return event("prompt", "\"prompt.text\":" + json_string(text)); }

std::string base64_encode(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += alphabet[(n >> shift) & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace sigil::dsl::semantics
