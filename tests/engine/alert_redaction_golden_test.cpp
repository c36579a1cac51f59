// The redaction golden files (tests/cli/cases/redact_*.case pin `sigil run --redact` output to
// tests/cli/golden/redact_*.alerts.jsonl byte for byte) must not hold any secret planted in
// tests/cli/data/redact_events.jsonl, nor, at level all, any piece of what that level masks: checked
// on the decoded strings of every alert, so an escaped quote or newline cannot hide a leak.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/alert/redaction.hpp"

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(SIGIL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), relative, " is missing");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Every string of a JSON value (keys too), one per line.
void strings(const rapidjson::Value& v, std::string& out) {
  if (v.IsString()) {
    out.append(v.GetString(), v.GetStringLength()).push_back('\n');
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      out.append(m.name.GetString(), m.name.GetStringLength()).push_back('\n');
      strings(m.value, out);
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) strings(e, out);
  }
}

// What level all masks of an event's strings (paths with arrays elided): content values whole,
// the query and fragment of URLs.
void content_strings(const rapidjson::Value& v, const std::string& path, std::vector<std::string>& out) {
  static const sigil::Redactor all(sigil::RedactLevel::all);
  if (v.IsString()) {
    std::string_view text(v.GetString(), v.GetStringLength());
    sigil::FieldTreatment t = all.treatment(path);
    if (t == sigil::FieldTreatment::content) out.emplace_back(text);
    if (t == sigil::FieldTreatment::url && text.find_first_of("?#") != std::string_view::npos)
      out.emplace_back(text.substr(text.find_first_of("?#") + 1));
  }
  if (v.IsObject())
    for (const auto& m : v.GetObject())
      content_strings(m.value, path.empty() ? m.name.GetString() : path + "." + m.name.GetString(), out);
  if (v.IsArray())
    for (const auto& e : v.GetArray()) content_strings(e, path, out);
}

}  // namespace

TEST_CASE("redaction goldens: no planted secret, and at level all no piece of content") {
  rapidjson::Document planted;
  planted.Parse(read("tests/cli/data/redact_secrets.json").c_str());
  REQUIRE(planted.IsObject());
  std::vector<std::string> secrets;
  for (const auto& s : planted["secrets"].GetArray()) secrets.emplace_back(s.GetString(), s.GetStringLength());
  REQUIRE(secrets.size() >= 10);
  std::vector<std::string> content;  // pieces of content fields, and data sent in URL queries
  for (const auto& s : planted["content"].GetArray()) content.emplace_back(s.GetString(), s.GetStringLength());

  for (const std::string& line : lines(read("tests/cli/data/redact_events.jsonl"))) {
    rapidjson::Document event;
    event.Parse(line.c_str());
    REQUIRE(event.IsObject());
    content_strings(event, "", content);
  }
  REQUIRE(content.size() >= 10);

  struct Golden {
    const char* file;
    bool content_masked;  // level all
    std::size_t alerts;
  };
  const Golden goldens[] = {
      {"tests/cli/golden/redact_native.alerts.jsonl", true, 10},
      {"tests/cli/golden/redact_ocsf_explain.alerts.jsonl", true, 10},
      {"tests/cli/golden/redact_keyed.alerts.jsonl", true, 10},
      {"tests/cli/golden/redact_secrets_only.alerts.jsonl", false, 10},
  };
  for (const Golden& g : goldens) {
    INFO(std::string(g.file));
    std::string raw = read(g.file);
    std::vector<std::string> alerts = lines(raw);
    CHECK(alerts.size() == g.alerts);
    std::string decoded;
    for (std::string alert : alerts) {
      // run_case.py's placeholder for the wall clock of an OCSF finding is not a JSON number.
      if (auto at = alert.find("<created_time>"); at != std::string::npos) alert.replace(at, 14, "0");
      rapidjson::Document doc;
      doc.Parse<rapidjson::kParseValidateEncodingFlag>(alert.c_str());
      REQUIRE_FALSE(doc.HasParseError());
      strings(doc, decoded);
    }
    for (const std::string& secret : secrets) {
      CHECK_MESSAGE(raw.find(secret) == std::string::npos, "secret in the file: ", secret);
      CHECK_MESSAGE(decoded.find(secret) == std::string::npos, "secret in a string: ", secret);
    }
    if (!g.content_masked) continue;
    constexpr std::size_t kWindow = 16;  // no 16 bytes in a row of any content value
    for (const std::string& text : content) {
      if (text.size() < 8) continue;
      for (std::size_t at = 0; at + std::min(kWindow, text.size()) <= text.size(); ++at) {
        std::string piece = text.substr(at, std::min(kWindow, text.size()));
        if (decoded.find(piece) != std::string::npos) {
          FAIL_CHECK("content leaked: \"", piece, "\" of \"", text.substr(0, 60), "\"");
          break;
        }
      }
    }
  }
}
