#include "engine/ingest/normalizer.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "engine/ingest/normalizer_impl.hpp"
#include "engine/ingest/timestamp.hpp"
#include "engine/ingest/utf8.hpp"

// IMPLEMENTATION
// normalize() tries the fast path first (fast_parse.cpp, see normalizer_impl.hpp); when it
// gives up, the scratch copy is restored and the record is parsed again here, by the reference
// path: the UTF-8 pre-check, then RapidJSON's SAX parse.
// The reference SAX handler walks the FieldPlan trie alongside the document: each open container
// keeps the trie node it stands for, a key moves to a child node (segment by segment for dotted
// keys), and a scalar whose node ends a field is recorded as a (field, value) pair. Everything
// else is skipped without being stored. The pairs are grouped by field into the Event at the
// end, so values of one field that arrive interleaved (documents[0].id, documents[0].score,
// documents[1].id) become one contiguous span. The handler stops the parse (returns false) on
// the first contract violation; `failure` says why, so RapidJSON's "termination" error is
// replaced by that reason.

namespace sigil {
namespace {

using Node = FieldPlan::Node;

// UTF-8 is validated once per record before parsing (utf8.hpp), so RapidJSON does not validate
// per character, which would also turn off its SIMD string scanning.
constexpr unsigned kParseFlags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag;

// RapidJSON's number events as Values, for both handlers below: an integer beyond int64 is a
// number (double), as the contract's "integer" cannot hold it.
template <typename Derived>
struct NumberEvents {
  bool Int(int i) { return derived().scalar(Value::make_int(i), kJsonInteger); }
  bool Uint(unsigned u) { return derived().scalar(Value::make_int(u), kJsonInteger); }
  bool Int64(std::int64_t i) { return derived().scalar(Value::make_int(i), kJsonInteger); }
  bool Uint64(std::uint64_t u) {
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return derived().scalar(Value::make_number(static_cast<double>(u)), kJsonNumber);
    return derived().scalar(Value::make_int(static_cast<std::int64_t>(u)), kJsonInteger);
  }
  bool Double(double d) { return derived().scalar(Value::make_number(d), kJsonNumber); }

 private:
  Derived& derived() { return static_cast<Derived&>(*this); }
};

// The SAX handler of the reference path. RapidJSON calls it; it must not throw.
struct Handler : NumberEvents<Handler> {
  using Frame = Normalizer::Impl::Frame;
  explicit Handler(Normalizer::Impl& impl) : self(impl) {}
  Normalizer::Impl& self;

  bool Null() { return scalar(Value::make_null(), kJsonNull); }
  bool Bool(bool b) { return scalar(Value::make_bool(b), kJsonBoolean); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }  // not enabled
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return scalar(Value::make_string({s, n}), kJsonString);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    self.key_node = resolve_key(self.frames.back().node, {s, n});
    return true;
  }
  bool StartObject() { return start_container(false); }
  bool EndObject(rapidjson::SizeType) { return end_container(); }
  bool StartArray() { return start_container(true); }
  bool EndArray(rapidjson::SizeType) { return end_container(); }

  static const Node* resolve_key(const Node* node, std::string_view key) {
    if (node == nullptr) return nullptr;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = key.find('.', start);
      std::string_view segment = key.substr(start, dot == std::string_view::npos ? key.npos : dot - start);
      auto it = node->children.find(segment);
      if (it == node->children.end()) return nullptr;
      node = it->second.get();
      if (dot == std::string_view::npos) return node;
      start = dot + 1;
    }
  }

  // The trie node a value at the current position stands for.
  const Node* value_node() const {
    if (self.frames.empty()) return nullptr;
    const Frame& top = self.frames.back();
    return top.is_array ? top.node : self.key_node;
  }

  bool scalar(const Value& value, JsonTypeMask type) {
    if (self.frames.empty()) return self.fail(RejectReason::invalid_json, "the event is not a JSON object");
    const Node* node = value_node();
    if (node == nullptr || node->field == kNoField) return true;
    return self.record(node->field, value, type);
  }

  bool start_container(bool is_array) {
    if (self.frames.size() >= self.limits.max_depth)
      return self.fail(RejectReason::too_deep, fmt::format("nesting deeper than {} levels", self.limits.max_depth));
    if (self.frames.empty()) {
      if (is_array) return self.fail(RejectReason::invalid_json, "the event is not a JSON object");
      self.frames.push_back({&self.plan.root(), false});
      return true;
    }
    const Node* node = value_node();
    Frame frame{node, is_array};
    if (node != nullptr && node->field != kNoField) {
      const FieldSpec* spec = self.plan.slot(node->field).spec;
      if (node->open) {
        frame.capture = node->field;
        frame.start = self.stream_offset();
      } else if (spec != nullptr) {
        // A contract field holding a container it does not declare: an array where one scalar
        // belongs, or an object where a scalar belongs.
        bool allowed = is_array ? spec->repeated : (spec->types & kJsonObject) != 0;
        if (!allowed)
          return self.fail(RejectReason::wrong_type, fmt::format("{}: expected {}, got {}", spec->path,
                                                                 expected_types(spec->types),
                                                                 is_array ? "array" : "object"));
      }
    }
    self.frames.push_back(frame);
    return true;
  }

  bool end_container() {
    Frame frame = self.frames.back();
    self.frames.pop_back();
    if (frame.capture != kNoField) {
      std::size_t end = self.stream_offset() + 1;
      Value raw = Value::make_raw_json(self.original.substr(frame.start, end - frame.start));
      return self.record(frame.capture, raw, frame.is_array ? kJsonArray : kJsonObject);
    }
    return true;
  }
};

// Receives the one number of a sub-parse.
struct NumberHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, NumberHandler>, NumberEvents<NumberHandler> {
  using NumberEvents<NumberHandler>::Int;
  using NumberEvents<NumberHandler>::Uint;
  using NumberEvents<NumberHandler>::Int64;
  using NumberEvents<NumberHandler>::Uint64;
  using NumberEvents<NumberHandler>::Double;
  Value value;
  JsonTypeMask type = 0;
  bool Default() { return false; }  // anything but a number
  bool scalar(const Value& v, JsonTypeMask t) {
    value = v;
    type = t;
    return true;
  }
};

}  // namespace

bool Normalizer::Impl::rapidjson_number(const char* p, Value& value, JsonTypeMask& type) {
  rapidjson::StringStream in(p);
  NumberHandler handler;
  rapidjson::Reader reader;
  if (reader.Parse<rapidjson::kParseStopWhenDoneFlag>(in, handler).IsError() || handler.type == 0) return false;
  value = handler.value;
  type = handler.type;
  return true;
}

std::string_view json_type_name(JsonTypeMask type) {
  switch (type) {
    case kJsonNull: return "null";
    case kJsonBoolean: return "boolean";
    case kJsonInteger: return "integer";
    case kJsonNumber: return "number";
    case kJsonString: return "string";
    case kJsonObject: return "object";
    case kJsonArray: return "array";
    default: return "value";
  }
}

std::string expected_types(JsonTypeMask mask) {
  std::string out;
  for (JsonTypeMask bit : {kJsonBoolean, kJsonInteger, kJsonNumber, kJsonString, kJsonObject, kJsonArray}) {
    if (!(mask & bit)) continue;
    if (bit == kJsonInteger && (mask & kJsonNumber)) continue;  // "number" already admits integers
    if (!out.empty()) out += " or ";
    out += json_type_name(bit);
  }
  return out;
}

Normalizer::Impl::Impl(const FieldPlan& p, NormalizerLimits l) : plan(p), limits(l), keys(p) {
  refresh();
  frames.reserve(limits.max_depth + 1);
  pending.reserve(64);
}

void Normalizer::Impl::refresh() {
  keys = KeyTable(plan);
  info.assign(plan.size(), {});
  for (FieldId id = 0; id < plan.size(); ++id) {
    const FieldPlan::Slot& slot = plan.slot(id);
    FieldInfo& f = info[id];
    f.materialized = slot.materialized;
    if (slot.spec != nullptr) {
      f.contract = true;
      f.types = slot.spec->types;
      f.repeated = slot.spec->repeated;
    }
  }
}

std::size_t Normalizer::Impl::stream_offset() const { return stream->Tell(); }

bool Normalizer::Impl::fail(RejectReason reason, std::string message) {
  failed = true;
  rejection->reason = reason;
  rejection->message = std::move(message);
  rejection->byte_offset = stream ? stream_offset() : Rejection::kUnknownOffset;
  return false;
}

bool Normalizer::Impl::fail_record(FieldId field, JsonTypeMask type, bool type_ok) {
  const FieldSpec& spec = *plan.slot(field).spec;
  if (!type_ok)
    return fail(RejectReason::wrong_type,
                fmt::format("{}: expected {}, got {}", spec.path, expected_types(spec.types), json_type_name(type)));
  return fail(RejectReason::duplicate_field,
              fmt::format("{} appears more than once (nested and dotted spellings of one field?)", spec.path));
}

// Groups the pending values by field into event->values_. Fields that were seen (and
// type-checked) but are not materialized end up with no values.
void Normalizer::Impl::finish_values() {
  std::uint32_t running = 0;
  for (FieldId f : event->touched_) {
    Event::Slot& slot = event->slots_[f];
    slot.begin = running;
    if (info[f].materialized) running += slot.count;
    slot.count = 0;
  }
  event->values_.resize(running);
  for (const Pending& p : pending) {
    Event::Slot& slot = event->slots_[p.field];
    event->values_[slot.begin + slot.count++] = p.value;
  }
}

void Normalizer::Impl::reset(Event& e) {
  if (e.slots_.size() != plan.size()) e.slots_.assign(plan.size(), {});
  for (FieldId f : e.touched_) e.slots_[f] = {};
  e.touched_.clear();
  e.values_.clear();
  pending.clear();
  frames.clear();
  key_node = nullptr;
  failed = false;
}

const Value* Normalizer::Impl::only(FieldId field) const {
  const Event::Slot& slot = event->slots_[field];
  if (slot.count == 0) return nullptr;
  for (const Pending& p : pending)
    if (p.field == field) return &p.value;
  return nullptr;
}

bool Normalizer::Impl::check_envelope_and_time() {
  const auto& wk = plan.well_known();

  const Value* kind_value = only(wk.kind);
  if (kind_value == nullptr) return fail(RejectReason::missing_field, "missing required field kind");
  auto kind = parse_kind(kind_value->text);
  if (!kind) return fail(RejectReason::unknown_kind, fmt::format("unknown kind \"{}\"", kind_value->text));
  event->kind_ = *kind;

  if (const Value* version = only(wk.schema_version)) {
    std::string_view major = version->text.substr(0, version->text.find('.'));
    if (major != "1")
      return fail(RejectReason::unsupported_schema_version,
                  fmt::format("schema_version \"{}\" is not supported (this engine reads major version 1)",
                              version->text));
  }

  for (FieldId f : plan.required_fields(*kind))
    if (event->slots_[f].count == 0)
      return fail(RejectReason::missing_field,
                  fmt::format("missing required field {} (kind {})", plan.slot(f).path, kind_name(*kind)));

  if (const Value* time = only(wk.time)) {
    auto ns = parse_rfc3339_ns(time->text);
    if (!ns) return fail(RejectReason::invalid_time, fmt::format("time \"{}\" is not a valid RFC 3339 date and time", time->text));
    event->time_ns_ = *ns;
  } else if (const Value* nano = only(wk.time_unix_nano)) {
    std::optional<std::int64_t> ns;
    if (nano->type == ValueType::integer && nano->integer >= 0) ns = nano->integer;
    if (nano->type == ValueType::string) ns = parse_unix_nano_string(nano->text);
    if (!ns) return fail(RejectReason::invalid_time, "time_unix_nano is not a non-negative integer");
    event->time_ns_ = *ns;
  } else {
    return fail(RejectReason::missing_field, "missing required field time (or time_unix_nano)");
  }

  for (FieldId f : plan.defaulted_fields(*kind))
    if (event->slots_[f].count == 0 && info[f].materialized)
      add(f, Value::make_string(plan.slot(f).spec->default_value));

  if (*kind == Kind::token_usage && event->slots_[wk.total_tokens].count == 0) {
    const Value* in = only(wk.input_tokens);
    const Value* out = only(wk.output_tokens);
    if (in && out && in->type == ValueType::integer && out->type == ValueType::integer)
      add(wk.total_tokens, Value::make_int(in->integer + out->integer));
  }
  return true;
}

bool Normalizer::Impl::parse_reference(char* scratch) {
  if (Utf8Check check = check_utf8_without_nul(original); check.problem != Utf8Check::Problem::none) {
    if (check.problem == Utf8Check::Problem::nul_byte) fail(RejectReason::invalid_json, "NUL byte in the record");
    else if (check.problem == Utf8Check::Problem::bad_escape)
      fail(RejectReason::invalid_json, fmt::format("\\u escape of a lone surrogate (at byte {})", check.offset));
    else fail(RejectReason::invalid_utf8, fmt::format("invalid UTF-8 (at byte {})", check.offset));
    rejection->byte_offset = check.offset;
    return false;
  }

  rapidjson::InsituStringStream in(scratch);
  stream = &in;
  Handler handler{*this};
  rapidjson::Reader reader;
  rapidjson::ParseResult result = reader.Parse<kParseFlags>(in, handler);
  if (failed) return false;
  if (result.IsError()) {
    RejectReason reason = result.Code() == rapidjson::kParseErrorStringInvalidEncoding ? RejectReason::invalid_utf8
                                                                                      : RejectReason::invalid_json;
    fail(reason, fmt::format("{} (at byte {})", rapidjson::GetParseError_En(result.Code()), result.Offset()));
    rejection->byte_offset = result.Offset();
    return false;
  }
  return true;
}

Normalizer::Normalizer(const FieldPlan& plan, NormalizerLimits limits) : impl_(new Impl(plan, limits)) {}

Normalizer::~Normalizer() { delete impl_; }

bool Normalizer::normalize(const RawBatch& batch, const RawRecord& record, char* scratch, Event& event,
                           Rejection& rejection) {
  Impl& s = *impl_;
  if (s.info.size() != s.plan.size()) s.refresh();  // paths added after construction (set-up)
  s.reset(event);
  s.event = &event;
  s.rejection = &rejection;
  s.stream = nullptr;
  s.original = batch.record_bytes(record);
  event.raw_ = s.original;
  event.position_ = record.position;

  if (record.original_length > s.limits.max_event_bytes)
    return s.fail(RejectReason::too_large, fmt::format("event of {} bytes is over the limit of {} bytes",
                                                       record.original_length, s.limits.max_event_bytes));
  bool written = false;
  if (!s.limits.fast_path || !s.parse_fast(scratch, written)) {
    // The reference path decides, on the record as it came.
    if (written) std::memcpy(scratch, s.original.data(), s.original.size());
    s.reset(event);
    bool parsed = s.parse_reference(scratch);
    s.stream = nullptr;  // what fails from here on is the event as a whole, not a byte of it
    if (!parsed) return false;
  }
  if (!s.check_envelope_and_time()) return false;
  s.finish_values();
  return true;
}

}  // namespace sigil
