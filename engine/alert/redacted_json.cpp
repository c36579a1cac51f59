#include "engine/alert/redacted_json.hpp"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <vector>

#include <fmt/format.h>

namespace sigil {
namespace {

void put(JsonWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void put_key(JsonWriter& w, std::string_view s) { w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void put_digest(JsonWriter& w, const Redactor& r, std::string_view bytes) {
  put_key(w, r.digest_name());
  put(w, r.digest(bytes));
}

// {"redacted": WHY, "length": N, "sha256": HEX}, still open (the caller may add members).
void start_masked_object(JsonWriter& w, const Redactor& r, std::string_view why, std::string_view bytes) {
  w.StartObject();
  w.Key("redacted");
  put(w, why);
  w.Key("length");
  w.Uint64(bytes.size());
  put_digest(w, r, bytes);
}

// At most kListedSecrets entries, then "secrets_not_listed": N: a prompt made of thousands of
// key-like strings must not turn into an alert thousands of times its size.
constexpr std::size_t kListedSecrets = 32;

void put_secret_list(JsonWriter& w, const Redactor& r, const std::vector<MaskedSecret>& found) {
  w.Key("secrets");
  w.StartArray();
  for (std::size_t i = 0; i < found.size() && i < kListedSecrets; ++i) {
    const MaskedSecret& s = found[i];
    w.StartObject();
    w.Key("type");
    put(w, secret_type_name(s.type));
    w.Key("length");
    w.Uint64(s.length);
    put_key(w, r.digest_name());
    put(w, s.digest);
    w.EndObject();
  }
  w.EndArray();
  if (found.size() > kListedSecrets) {
    w.Key("secrets_not_listed");
    w.Uint64(found.size() - kListedSecrets);
  }
}

// A content string: {"redacted":"content","length":N,"sha256":HEX[,"secrets":[...]]}.
void put_content_string(JsonWriter& w, const Redactor& r, std::string_view text) {
  std::vector<MaskedSecret> found;
  std::string ignored;
  r.mask_secrets(text, ignored, &found);
  start_masked_object(w, r, "content", text);
  if (!found.empty()) put_secret_list(w, r, found);
  w.EndObject();
}

// Streams a JSON object or array (the raw bytes of an event value at `base`) with each value
// treated by its path (`base.key.key`, arrays elided as in field paths): into a writer, or
// (writer == nullptr) only collecting the secrets it would mask, for a content object.
class RedactingHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, RedactingHandler> {
 public:
  RedactingHandler(const Redactor& r, std::string_view base, JsonWriter* w, std::vector<MaskedSecret>* found)
      : r_(r), path_(base), w_(w), found_(found) {}

  bool Null() { return !w_ || w_->Null(); }
  bool Bool(bool b) { return !w_ || w_->Bool(b); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    if (secret_now()) return masked({s, n});
    // RawValue, not Writer::RawNumber: RapidJSON 1.1.0 writes the latter as a quoted string.
    return !w_ || w_->RawValue(s, n, rapidjson::kNumberType);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    std::string_view text(s, n);
    if (secret_now()) return masked(text);
    FieldTreatment t = r_.treatment(path_);
    if (t == FieldTreatment::content && w_) {
      put_content_string(*w_, r_, text);
      return true;
    }
    text_.clear();
    if (t == FieldTreatment::url) r_.mask_url(text, text_);
    else r_.mask_secrets(text, text_, found_);
    return !w_ || w_->String(text_.data(), static_cast<rapidjson::SizeType>(text_.size()));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    std::string_view key(s, n);
    path_.resize(open_.back().path_size);
    if (!path_.empty()) path_ += '.';
    path_ += key;
    key_secret_ = open_.back().secret || is_secret_name(key);
    text_.clear();
    r_.mask_secrets(key, text_, found_);
    return !w_ || w_->Key(text_.data(), static_cast<rapidjson::SizeType>(text_.size()));
  }
  bool StartObject() { return open() && (!w_ || w_->StartObject()); }
  bool EndObject(rapidjson::SizeType) { return close() && (!w_ || w_->EndObject()); }
  bool StartArray() { return open() && (!w_ || w_->StartArray()); }
  bool EndArray(rapidjson::SizeType) { return close() && (!w_ || w_->EndArray()); }

 private:
  struct Open {
    bool secret;              // everything inside is under a credential name
    std::size_t path_size;    // path_ of the container itself
  };
  bool secret_now() const { return key_secret_ || (!open_.empty() && open_.back().secret); }
  bool open() {
    open_.push_back({secret_now(), path_.size()});
    key_secret_ = false;
    return true;
  }
  bool close() {
    path_.resize(open_.back().path_size);
    open_.pop_back();
    key_secret_ = false;
    return true;
  }
  bool masked(std::string_view bytes) {
    if (found_) found_->push_back({SecretType::secret_field, bytes.size(), r_.digest(bytes)});
    if (!w_) return true;
    text_.clear();
    r_.append_marker(text_, secret_type_name(SecretType::secret_field), bytes);
    return w_->String(text_.data(), static_cast<rapidjson::SizeType>(text_.size()));
  }

  const Redactor& r_;
  std::string path_;
  JsonWriter* w_;
  std::vector<MaskedSecret>* found_;
  std::vector<Open> open_;
  bool key_secret_ = false;  // the next value is under a credential name
  std::string text_;
};

constexpr unsigned kRawFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag |
                               rapidjson::kParseValidateEncodingFlag;

// Parses raw JSON through the handler; false if it is not the JSON it should be.
bool stream_raw(std::string_view raw, RedactingHandler& handler) {
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(raw.data(), raw.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
  return !reader.Parse<kRawFlags>(input, handler).IsError();
}

void put_content(JsonWriter& w, const Redactor& r, std::string_view path, const Value& v) {
  if (v.type == ValueType::string) return put_content_string(w, r, v.text);
  std::vector<MaskedSecret> found;
  RedactingHandler collect(r, path, nullptr, &found);
  stream_raw(v.text, collect);  // invalid JSON cannot reach here (normalizer); if it did: no list
  start_masked_object(w, r, "content", v.text);
  if (!found.empty()) put_secret_list(w, r, found);
  w.EndObject();
}

// A scalar's text as it appeared (for digests of masked numbers and booleans).
std::string scalar_text(const Value& v) {
  std::string out;
  append_value_text(out, v);
  return out;
}

}  // namespace

void append_value_text(std::string& out, const Value& v) {
  switch (v.type) {
    case ValueType::null: out += "null"; break;
    case ValueType::boolean: out += v.boolean ? "true" : "false"; break;
    case ValueType::integer: fmt::format_to(std::back_inserter(out), "{}", v.integer); break;
    case ValueType::number: fmt::format_to(std::back_inserter(out), "{}", v.number); break;
    case ValueType::string:
    case ValueType::raw_json: out += v.text; break;
  }
}

void put_redacted_text(JsonWriter& w, const Redactor& r, std::string_view text) {
  std::string masked;
  r.mask_secrets(text, masked);
  put(w, masked);
}

void put_redacted_value(JsonWriter& w, const Redactor& r, std::string_view path, const Value& v) {
  FieldTreatment t = r.treatment(path);
  if (v.type == ValueType::null) {
    w.Null();
    return;
  }
  if (t == FieldTreatment::secret) {
    bool text = v.type == ValueType::string || v.type == ValueType::raw_json;
    start_masked_object(w, r, secret_type_name(SecretType::secret_field), text ? v.text : scalar_text(v));
    w.EndObject();
    return;
  }
  switch (v.type) {
    case ValueType::boolean: w.Bool(v.boolean); return;
    case ValueType::integer: w.Int64(v.integer); return;
    case ValueType::number: w.Double(v.number); return;
    default: break;
  }
  if (t == FieldTreatment::content) return put_content(w, r, path, v);
  if (v.type == ValueType::string) {
    std::string masked;
    if (t == FieldTreatment::url) r.mask_url(v.text, masked);
    else r.mask_secrets(v.text, masked);
    put(w, masked);
    return;
  }
  // An object or array outside content (audit.changes, a producer's extra object): rewritten
  // through the handler into a side buffer, so that a parse failure cannot leave half a value.
  rapidjson::StringBuffer buffer;
  JsonWriter side(buffer);
  RedactingHandler handler(r, path, &side, nullptr);
  if (stream_raw(v.text, handler)) {
    w.RawValue(buffer.GetString(), buffer.GetSize(), v.text.starts_with('[') ? rapidjson::kArrayType : rapidjson::kObjectType);
  } else {
    start_masked_object(w, r, "unparsed", v.text);
    w.EndObject();
  }
}

void render_redacted_message(std::string& out, const OutputTemplate& output, const Event& event,
                             const FieldPlan& plan, const Redactor& r) {
  std::string text;
  render_output(text, output, event, [&](std::string& into, FieldId field, const Value& v) {
    const std::string& path = plan.slot(field).path;
    FieldTreatment t = r.treatment(path);
    bool is_text = v.type == ValueType::string || v.type == ValueType::raw_json;
    if (t == FieldTreatment::secret && v.type != ValueType::null)
      r.append_marker(into, secret_type_name(SecretType::secret_field), is_text ? v.text : scalar_text(v));
    else if (t == FieldTreatment::content && is_text)
      r.append_marker(into, path, v.text);
    else if (t == FieldTreatment::url && v.type == ValueType::string)
      r.mask_url(v.text, into);
    else
      append_value_text(into, v);
  });
  r.mask_secrets(text, out);
}

std::string redact_binding(std::string_view value, std::span<const Event* const> events, const FieldPlan& plan,
                           const Redactor& r) {
  std::string out;
  if (r.level() == RedactLevel::all) {
    for (FieldId field = 0; field < plan.size(); ++field) {
      if (r.treatment(plan.slot(field).path) != FieldTreatment::content) continue;
      for (const Event* e : events)
        for (const Value& v : e->values(field))
          if ((v.type == ValueType::string || v.type == ValueType::raw_json) && v.text == value) {
            r.append_marker(out, "content", value);
            return out;
          }
    }
  }
  r.mask_secrets(value, out);
  return out;
}

}  // namespace sigil
