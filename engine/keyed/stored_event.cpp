#include "engine/keyed/stored_event.hpp"

#include <algorithm>
#include <cstring>

#include "engine/event/event_builder.hpp"

namespace sigil::keyed {

StoredEvent::StoredEvent(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
  const FieldPlan::WellKnown& wk = plan.well_known();
  const FieldId envelope[] = {wk.event_id, wk.session_id, wk.user_id, wk.service_name, wk.trace_id, wk.span_id};
  copy(event, plan, fields, envelope);
}

void StoredEvent::copy(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields,
                       std::span<const FieldId> extra_copied) {
  std::vector<FieldId> copied(extra_copied.begin(), extra_copied.end());
  for (FieldId f : fields)
    if (std::find(copied.begin(), copied.end(), f) == copied.end()) copied.push_back(f);

  std::size_t total = 0;
  for (FieldId f : copied)
    for (const Value& v : event.values(f)) total += v.text.size();
  storage_ = std::make_unique<char[]>(std::max<std::size_t>(total, 1));
  bytes_ = total + sizeof(*this);

  EventBuilder builder(plan.size(), /*compact=*/true);
  builder.kind(event.kind()).time_ns(event.time_ns()).position(event.position());
  char* cursor = storage_.get();
  for (FieldId f : copied) {
    for (Value v : event.values(f)) {
      if (!v.text.empty()) {
        std::memcpy(cursor, v.text.data(), v.text.size());
        v.text = std::string_view(cursor, v.text.size());
        cursor += v.text.size();
      }
      builder.add(f, v);
    }
  }
  event_ = builder.finish();
  fields_.clear();
  for (FieldId f : fields) fields_.push_back({f, event_.first(f)});
  copied_ = std::move(copied);
}

void StoredEvent::write_to(state::Writer& w) const {
  w.u8(static_cast<std::uint8_t>(event_.kind()));
  w.i64(event_.time_ns());
  w.varint(event_.position().source);
  w.i64(event_.position().partition);
  w.i64(event_.position().offset);
  w.varint(copied_.size());
  for (FieldId f : copied_) {
    auto values = event_.values(f);
    w.varint(f);
    w.varint(values.size());
    for (const Value& v : values) {
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
  }
  w.varint(fields_.size());
  for (const EvidenceField& f : fields_) w.varint(f.field);
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
  out.copy(view, plan, evidence, copied);
  return out;
}

}  // namespace sigil::keyed
