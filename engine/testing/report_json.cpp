#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/testing/report.hpp"

namespace sigil::testing {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void strings(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) put(w, v);
  w.EndArray();
}

void problem(Writer& w, const FixtureProblem& p) {
  w.StartObject();
  w.Key("severity");
  put(w, "error");
  w.Key("file");
  put(w, p.file);
  if (p.line) {
    w.Key("line");
    w.Uint(p.line);
    w.Key("column");
    w.Uint(p.column);
  }
  w.Key("case");
  if (p.case_name.empty()) w.Null();
  else put(w, p.case_name);
  w.Key("event");
  if (p.event) w.Uint64(*p.event);
  else w.Null();
  w.Key("where");
  put(w, p.where);
  w.Key("pointer");
  put(w, p.pointer);
  w.Key("message");
  put(w, p.message);
  w.Key("text");
  put(w, describe(p));
  w.EndObject();
}

std::string_view status_name(CaseStatus s) {
  switch (s) {
    case CaseStatus::passed: return "passed";
    case CaseStatus::failed: return "failed";
    case CaseStatus::error: return "error";
    case CaseStatus::skipped: return "skipped";
  }
  return "?";
}

}  // namespace

std::string render_json(const SessionReport& report) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("cases");
  w.StartArray();
  for (const CaseReport& c : report.cases) {
    w.StartObject();
    w.Key("name");
    put(w, c.name);
    strings(w, "rules", c.rules);
    w.Key("file");
    put(w, c.file);
    w.Key("pointer");
    put(w, c.pointer);
    w.Key("status");
    put(w, status_name(c.status));
    strings(w, "differences", c.differences);
    strings(w, "notes", c.notes);
    w.Key("diagnostics");
    w.StartArray();
    for (const FixtureProblem& p : c.problems) problem(w, p);
    w.EndArray();
    if (c.status == CaseStatus::skipped) {
      w.Key("skip_reason");
      put(w, c.skip_reason);
    }
    w.Key("alerts");
    w.Uint64(c.alerts.size());
    w.EndObject();
  }
  w.EndArray();
  w.Key("fixture_diagnostics");
  w.StartArray();
  for (const FixtureProblem& p : report.file_problems) problem(w, p);
  w.EndArray();
  w.Key("rule_diagnostics");
  w.RawValue(report.rule_diagnostics_json.data(), report.rule_diagnostics_json.size(), rapidjson::kArrayType);
  w.Key("rules_compiled");
  w.Bool(report.rules_ok);
  w.Key("coverage");
  w.StartObject();
  w.Key("rules");
  w.Uint64(report.rule_count);
  strings(w, "untested_rules", report.untested_rules);
  w.Key("unexercised_selections");
  w.StartArray();
  for (const auto& [rule, selection] : report.unexercised) {
    w.StartObject();
    w.Key("rule");
    put(w, rule);
    w.Key("selection");
    put(w, selection);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  strings(w, "require_tests", report.short_rules);
  w.Key("summary");
  w.StartObject();
  for (CaseStatus s : {CaseStatus::passed, CaseStatus::failed, CaseStatus::error, CaseStatus::skipped}) {
    std::string_view name = s == CaseStatus::error ? "errors" : status_name(s);
    put(w, name);
    w.Uint64(report.count(s));
  }
  w.Key("stopped_early");
  w.Bool(report.stopped_early);
  w.Key("exit_code");
  w.Int(report.exit_code());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace sigil::testing
