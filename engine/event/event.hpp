#pragma once
// The normalized event: the envelope decoded into typed members, and the values of every field
// in the FieldPlan, addressed by FieldId. Built by the Normalizer; read by rules.
//
// Lifetime: values and raw() are views into the RawBatch the event was parsed from. Events are
// reused across batches (clear() keeps capacity) so that the hot path does not allocate.
// Thread safety: none; an Event belongs to the task processing its batch.

#include <cstdint>
#include <span>
#include <utility>
#include <string_view>
#include <vector>

#include "engine/event/field_id.hpp"
#include "engine/event/kind.hpp"
#include "engine/event/source_position.hpp"
#include "engine/event/value.hpp"

namespace sigil {

class Event {
 public:
  Kind kind() const { return kind_; }
  std::int64_t time_ns() const { return time_ns_; }  // nanoseconds since the Unix epoch, UTC
  const SourcePosition& position() const { return position_; }
  std::string_view raw() const { return raw_; }  // the original bytes of the record

  // Every value of a field: empty when absent; more than one when the path crosses an array.
  std::span<const Value> values(FieldId field) const {
    if (field < slots_.size()) {
      const Slot& slot = slots_[field];
      return {values_.data() + slot.begin, slot.count};
    }
    // A compact event (stored evidence: a few fields) keeps its slots as a short list.
    for (const auto& [id, slot] : sparse_)
      if (id == field) return {values_.data() + slot.begin, slot.count};
    return {};
  }
  // The first value of a field, or nullptr when absent.
  const Value* first(FieldId field) const {
    auto all = values(field);
    return all.empty() ? nullptr : &all.front();
  }
  // The first value when it is a string, else an empty view.
  std::string_view text(FieldId field) const {
    const Value* v = first(field);
    return v && v->type == ValueType::string ? v->text : std::string_view{};
  }

 private:
  friend class Normalizer;
  friend class EventBuilder;  // tests and the rule-test runner build events directly

  struct Slot {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };

  Kind kind_ = Kind::prompt;
  std::int64_t time_ns_ = 0;
  SourcePosition position_;
  std::string_view raw_;
  std::vector<Slot> slots_;    // one per FieldId of the plan; reset through touched_
  std::vector<std::pair<FieldId, Slot>> sparse_;  // instead of slots_, for compact events
  std::vector<Value> values_;  // grouped by field, in document order within a field
  std::vector<FieldId> touched_;
};

}  // namespace sigil
