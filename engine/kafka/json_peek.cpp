#include "engine/kafka/json_peek.hpp"

#include <algorithm>

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace sigil::kafka {
namespace {

// SAX handler that stops (returns false) once top-level session.id (nested, or the dotted key
// "session.id") is read.
struct SessionIdHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SessionIdHandler> {
  int depth = 0;
  bool key_session = false;  // the last top-level key was "session"
  int session_depth = 0;     // depth of the session object, 0 outside it
  bool key_id = false;
  std::optional<std::string> found;

  bool Default() {
    key_session = false;
    key_id = false;
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (key_id) {
      found.emplace(s, n);
      return false;
    }
    return Default();
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    std::string_view k(s, n);
    key_session = depth == 1 && k == "session";
    key_id = (session_depth != 0 && depth == session_depth && k == "id") || (depth == 1 && k == "session.id");
    return true;
  }
  bool StartObject() {
    ++depth;
    if (key_session) session_depth = depth;
    key_session = key_id = false;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    if (depth == session_depth) session_depth = 0;
    --depth;
    return Default();
  }
  bool StartArray() {
    ++depth;
    return Default();
  }
  bool EndArray(rapidjson::SizeType) {
    --depth;
    return Default();
  }
};

std::string_view str(const rapidjson::Value* v) {
  if (!v || !v->IsString()) return {};
  return {v->GetString(), v->GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value* v, const char* name) {
  if (!v || !v->IsObject()) return nullptr;
  auto it = v->FindMember(name);
  return it == v->MemberEnd() ? nullptr : &it->value;
}

std::string decode_base64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> peek_session_id(std::string_view event_json) {
  SessionIdHandler handler;
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(event_json.data(), event_json.size());
  reader.Parse<rapidjson::kParseStopWhenDoneFlag>(stream, handler);
  return handler.found;
}

std::optional<AlertMeta> read_alert_meta(std::string_view alert_json) {
  rapidjson::Document doc;
  doc.Parse(alert_json.data(), alert_json.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  AlertMeta meta;
  auto add_atlas = [&](std::string_view id) {
    if (!id.empty() && std::find(meta.atlas_ids.begin(), meta.atlas_ids.end(), id) == meta.atlas_ids.end())
      meta.atlas_ids.emplace_back(id);
  };
  if (const rapidjson::Value* finding = member(&doc, "finding_info")) {  // OCSF
    meta.alert_id = str(member(finding, "uid"));
    meta.rule_id = str(member(member(finding, "analytic"), "uid"));
    const rapidjson::Value* session = member(member(member(&doc, "actor"), "session"), "uid");
    if (session && session->IsString()) meta.session_id = std::string(str(session));
    if (const rapidjson::Value* attacks = member(finding, "attacks"); attacks && attacks->IsArray())
      for (const rapidjson::Value& a : attacks->GetArray()) {
        std::string_view sub = str(member(member(&a, "sub_technique"), "uid"));
        add_atlas(sub.empty() ? str(member(member(&a, "technique"), "uid")) : sub);
      }
  } else {
    meta.alert_id = str(member(&doc, "alert_id"));
    meta.rule_id = str(member(member(&doc, "rule"), "id"));
    const rapidjson::Value* session = member(member(&doc, "session"), "id");
    if (session && session->IsString()) meta.session_id = std::string(str(session));
    if (const rapidjson::Value* atlas = member(&doc, "atlas"); atlas && atlas->IsArray())
      for (const rapidjson::Value& a : atlas->GetArray()) add_atlas(str(member(&a, "id")));
  }
  if (meta.rule_id.empty()) return std::nullopt;
  return meta;
}

std::optional<DeadLetterParts> read_dead_letter(std::string_view record_json) {
  rapidjson::Document doc;
  doc.Parse(record_json.data(), record_json.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  DeadLetterParts parts;
  parts.reason = str(member(&doc, "reason"));
  parts.message = str(member(&doc, "message"));
  const rapidjson::Value* source = member(&doc, "source");
  parts.topic = str(member(source, "topic"));
  if (const rapidjson::Value* p = member(source, "partition"); p && p->IsInt()) parts.partition = p->GetInt();
  if (const rapidjson::Value* o = member(source, "offset"); o && o->IsInt64()) parts.offset = o->GetInt64();
  if (const rapidjson::Value* n = member(&doc, "original_length"); n && n->IsUint64())
    parts.original_length = n->GetUint64();
  if (const rapidjson::Value* t = member(&doc, "truncated"); t && t->IsBool()) parts.truncated = t->GetBool();
  if (const rapidjson::Value* o = member(&doc, "original"); o && o->IsString())
    parts.original.assign(o->GetString(), o->GetStringLength());
  else
    parts.original = decode_base64(str(member(&doc, "original_base64")));
  return parts;
}

}  // namespace sigil::kafka
