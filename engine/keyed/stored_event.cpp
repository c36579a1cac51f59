#include "engine/keyed/stored_event.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "engine/event/event_builder.hpp"

namespace sigil::keyed {
namespace {

// Header offsets (see stored_event.hpp).
constexpr std::size_t kTime = 0, kOffset = 8, kSource = 16, kPartition = 20, kKind = 24, kEvidenceCount = 25,
                      kFieldCount = 29, kHeader = 33;

template <class T>
void put(char*& p, T v) {
  std::memcpy(p, &v, sizeof v);
  p += sizeof v;
}
template <class T>
T get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::size_t encoded_size(const Value& v) {
  switch (v.type) {
    case ValueType::null: return 1;
    case ValueType::boolean: return 2;
    case ValueType::integer: return 17;
    case ValueType::number: return 9;
    case ValueType::string:
    case ValueType::raw_json: return 5 + v.text.size();
  }
  return 1;
}

// Decodes the value at p; returns the position after it. Strings point into the record.
const char* decode(const char* p, Value& v) {
  const auto type = static_cast<ValueType>(*p++);
  switch (type) {
    case ValueType::null: v = Value::make_null(); break;
    case ValueType::boolean: v = Value::make_bool(*p++ != 0); break;
    case ValueType::integer:
      v = Value::make_int(get<std::int64_t>(p));
      v.number = get<double>(p + 8);
      p += 16;
      break;
    case ValueType::number:
      v = Value::make_number(get<double>(p));
      p += 8;
      break;
    case ValueType::string:
    case ValueType::raw_json: {
      const auto n = get<std::uint32_t>(p);
      std::string_view text(p + 4, n);
      v = type == ValueType::string ? Value::make_string(text) : Value::make_raw_json(text);
      p += 4 + n;
      break;
    }
  }
  return p;
}

// Copies `event`'s values of `copied` and the ids of `evidence` into one record at `out`
// (reallocated when it does not fit).
void build(const Event& event, std::span<const FieldId> copied, std::span<const FieldId> evidence,
           std::unique_ptr<char[]>& data, std::uint32_t& size, std::uint32_t& capacity) {
  std::size_t total = kHeader + 4 * evidence.size();
  for (FieldId f : copied) {
    total += 8;
    for (const Value& v : event.values(f)) total += encoded_size(v);
  }
  if (total > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("stored event over 4 GiB");
  if (total > capacity) {
    // Take the whole malloc chunk: a later, slightly larger record still fits.
    const std::size_t cap = malloc_bytes(total) - 8;
    data.reset(new char[cap]);
    capacity = static_cast<std::uint32_t>(cap);
  }
  char* p = data.get();
  put<std::int64_t>(p, event.time_ns());
  put<std::int64_t>(p, event.position().offset);
  put<std::uint32_t>(p, event.position().source);
  put<std::int32_t>(p, event.position().partition);
  put<std::uint8_t>(p, static_cast<std::uint8_t>(event.kind()));
  put<std::uint32_t>(p, static_cast<std::uint32_t>(evidence.size()));
  put<std::uint32_t>(p, static_cast<std::uint32_t>(copied.size()));
  for (FieldId f : evidence) put<std::uint32_t>(p, f);
  for (FieldId f : copied) {
    auto values = event.values(f);
    put<std::uint32_t>(p, f);
    put<std::uint32_t>(p, static_cast<std::uint32_t>(values.size()));
    for (const Value& v : values) {
      put<std::uint8_t>(p, static_cast<std::uint8_t>(v.type));
      switch (v.type) {
        case ValueType::null: break;
        case ValueType::boolean: put<std::uint8_t>(p, v.boolean ? 1 : 0); break;
        case ValueType::integer:
          put<std::int64_t>(p, v.integer);
          put<double>(p, v.number);
          break;
        case ValueType::number: put<double>(p, v.number); break;
        case ValueType::string:
        case ValueType::raw_json:
          put<std::uint32_t>(p, static_cast<std::uint32_t>(v.text.size()));
          if (!v.text.empty()) std::memcpy(p, v.text.data(), v.text.size());
          p += v.text.size();
          break;
      }
    }
  }
  size = static_cast<std::uint32_t>(total);
}

}  // namespace

void StoredEvent::assign(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
  const FieldPlan::WellKnown& wk = plan.well_known();
  thread_local std::vector<FieldId> copied;
  copied.assign({wk.event_id, wk.session_id, wk.user_id, wk.service_name, wk.trace_id, wk.span_id});
  for (FieldId f : fields)
    if (std::find(copied.begin(), copied.end(), f) == copied.end()) copied.push_back(f);
  build(event, copied, fields, data_, size_, capacity_);
}

std::int64_t StoredEvent::time_ns() const { return size_ == 0 ? 0 : get<std::int64_t>(data_.get() + kTime); }

std::size_t StoredEvent::heap_bytes() const { return capacity_ == 0 ? 0 : malloc_bytes(capacity_); }

template <class F>
void StoredEvent::for_each_field(F&& f) const {
  const char* base = data_.get();
  const auto evidence = get<std::uint32_t>(base + kEvidenceCount);
  const auto fields = get<std::uint32_t>(base + kFieldCount);
  const char* p = base + kHeader + 4 * std::size_t{evidence};
  for (std::uint32_t i = 0; i < fields; ++i) {
    const auto field = get<std::uint32_t>(p);
    const auto count = get<std::uint32_t>(p + 4);
    p = f(field, count, p + 8);  // returns the position after the field's values
  }
}

StoredEvent::View StoredEvent::view(const FieldPlan& plan) const {
  View out;
  if (size_ == 0) return out;
  const char* base = data_.get();
  EventBuilder builder(plan.size(), /*compact=*/true);
  builder.kind(static_cast<Kind>(get<std::uint8_t>(base + kKind)))
      .time_ns(get<std::int64_t>(base + kTime))
      .position({get<std::uint32_t>(base + kSource), get<std::int32_t>(base + kPartition),
                 get<std::int64_t>(base + kOffset)});
  for_each_field([&](FieldId field, std::uint32_t count, const char* p) {
    for (std::uint32_t k = 0; k < count; ++k) {
      Value v;
      p = decode(p, v);
      builder.add(field, v);
    }
    return p;
  });
  out.event = builder.finish();
  const auto evidence = get<std::uint32_t>(base + kEvidenceCount);
  for (std::uint32_t i = 0; i < evidence; ++i) {
    const auto f = get<std::uint32_t>(base + kHeader + 4 * std::size_t{i});
    out.fields.push_back({f, out.event.first(f)});
  }
  return out;
}

void StoredEvent::write_to(state::Writer& w) const {
  const char* base = data_.get();
  w.u8(get<std::uint8_t>(base + kKind));
  w.i64(get<std::int64_t>(base + kTime));
  w.varint(get<std::uint32_t>(base + kSource));
  w.i64(get<std::int32_t>(base + kPartition));
  w.i64(get<std::int64_t>(base + kOffset));
  w.varint(get<std::uint32_t>(base + kFieldCount));
  for_each_field([&](FieldId field, std::uint32_t count, const char* p) {
    w.varint(field);
    w.varint(count);
    for (std::uint32_t k = 0; k < count; ++k) {
      Value v;
      p = decode(p, v);
      w.u8(static_cast<std::uint8_t>(v.type));
      switch (v.type) {
        case ValueType::null: break;
        case ValueType::boolean: w.boolean(v.boolean); break;
        case ValueType::integer: w.i64(v.integer); break;
        case ValueType::number: w.f64(v.number); break;
        case ValueType::string:
        case ValueType::raw_json: w.bytes(v.text); break;
      }
    }
    return p;
  });
  const auto evidence = get<std::uint32_t>(base + kEvidenceCount);
  w.varint(evidence);
  for (std::uint32_t i = 0; i < evidence; ++i) w.varint(get<std::uint32_t>(base + kHeader + 4 * std::size_t{i}));
}

std::optional<StoredEvent> StoredEvent::read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count) {
  std::uint8_t kind = 0;
  std::int64_t time = 0, partition = 0, offset = 0;
  std::uint64_t source = 0;
  if (!r.u8(kind) || !r.i64(time) || !r.varint(source) || !r.i64(partition) || !r.i64(offset)) return std::nullopt;
  if (kind >= kKindCount || source >= source_count) {
    r.fail("stored event: unknown kind or source");
    return std::nullopt;
  }
  // Decode into a temporary event whose strings point into the snapshot, then copy it.
  std::vector<std::pair<FieldId, Value>> values;
  std::vector<FieldId> copied;
  std::size_t fields = 0;
  if (!r.count(fields, 2, plan.size())) return std::nullopt;
  for (std::size_t i = 0; i < fields; ++i) {
    std::uint64_t field = 0;
    std::size_t count = 0;
    if (!r.varint(field) || !r.count(count, 1, 1u << 20)) return std::nullopt;
    if (field >= plan.size()) {
      r.fail("stored event: field id outside the plan (snapshot of other rules?)");
      return std::nullopt;
    }
    if (std::find(copied.begin(), copied.end(), static_cast<FieldId>(field)) != copied.end()) {
      r.fail("stored event: field listed twice");
      return std::nullopt;
    }
    copied.push_back(static_cast<FieldId>(field));
    for (std::size_t k = 0; k < count; ++k) {
      std::uint8_t type = 0;
      if (!r.u8(type)) return std::nullopt;
      Value v;
      bool ok = true;
      switch (static_cast<ValueType>(type)) {
        case ValueType::null: v = Value::make_null(); break;
        case ValueType::boolean: {
          bool b = false;
          ok = r.boolean(b);
          v = Value::make_bool(b);
          break;
        }
        case ValueType::integer: {
          std::int64_t n = 0;
          ok = r.i64(n);
          v = Value::make_int(n);
          break;
        }
        case ValueType::number: {
          double d = 0;
          ok = r.f64(d);
          v = Value::make_number(d);
          break;
        }
        case ValueType::string:
        case ValueType::raw_json: {
          std::string_view text;
          ok = r.bytes(text);
          v = static_cast<ValueType>(type) == ValueType::string ? Value::make_string(text) : Value::make_raw_json(text);
          break;
        }
        default: r.fail("stored event: unknown value type"); return std::nullopt;
      }
      if (!ok) return std::nullopt;
      values.emplace_back(static_cast<FieldId>(field), v);
    }
  }
  std::vector<FieldId> evidence;
  std::size_t n = 0;
  if (!r.count(n, 1, plan.size())) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t field = 0;
    if (!r.varint(field)) return std::nullopt;
    if (field >= plan.size()) {
      r.fail("stored event: evidence field id outside the plan");
      return std::nullopt;
    }
    evidence.push_back(static_cast<FieldId>(field));
  }
  EventBuilder builder(plan.size());
  builder.kind(static_cast<Kind>(kind))
      .time_ns(time)
      .position({static_cast<std::uint32_t>(source), static_cast<std::int32_t>(partition), offset});
  for (const auto& [field, value] : values) builder.add(field, value);
  Event view = builder.finish();
  StoredEvent out;
  build(view, copied, evidence, out.data_, out.size_, out.capacity_);
  return out;
}

}  // namespace sigil::keyed
