#pragma once
// Builds an Event from parts rather than by parsing: for stored evidence of stateful rules
// (events that outlive their batch) and for tests. The caller owns the storage every string
// view points into, and must keep it alive as long as the event.
//
// Call order: construct with the plan size, set the envelope, add values (any order), then
// finish(); the event is valid after finish(). Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/event/event.hpp"

namespace sigil {

class EventBuilder {
 public:
  explicit EventBuilder(std::size_t field_count) { event_.slots_.assign(field_count, {}); }

  EventBuilder& kind(Kind kind) {
    event_.kind_ = kind;
    return *this;
  }
  EventBuilder& time_ns(std::int64_t ns) {
    event_.time_ns_ = ns;
    return *this;
  }
  EventBuilder& position(const SourcePosition& position) {
    event_.position_ = position;
    return *this;
  }
  EventBuilder& raw(std::string_view raw) {
    event_.raw_ = raw;
    return *this;
  }
  EventBuilder& add(FieldId field, const Value& value) {
    pending_.emplace_back(field, value);
    return *this;
  }

  // Groups the values by field and returns the event.
  Event finish() {
    std::uint32_t running = 0;
    for (auto& [field, value] : pending_) ++event_.slots_[field].count;
    for (auto& slot : event_.slots_) {
      slot.begin = running;
      running += slot.count;
      slot.count = 0;
    }
    event_.values_.resize(running);
    for (auto& [field, value] : pending_) {
      Event::Slot& slot = event_.slots_[field];
      event_.values_[slot.begin + slot.count++] = value;
    }
    return std::move(event_);
  }

 private:
  Event event_;
  std::vector<std::pair<FieldId, Value>> pending_;
};

}  // namespace sigil
