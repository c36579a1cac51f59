#pragma once
// Builds an Event from parts rather than by parsing: for stored evidence of stateful rules
// (events that outlive their batch) and for tests. The caller owns the storage every string
// view points into, and must keep it alive as long as the event.
//
// Call order: construct with the plan size, set the envelope, add values (any order), then
// finish(); the event is valid after finish(). Not thread-safe.

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/event/event.hpp"

namespace sigil {

class EventBuilder {
 public:
  // `field_count`: the plan's size. A compact event keeps only the fields it has (a short list
  // searched on access) instead of a slot per field of the plan: for events kept in state.
  explicit EventBuilder(std::size_t field_count, bool compact = false) : compact_(compact) {
    if (!compact) event_.slots_.assign(field_count, {});
  }

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
    if (compact_) return finish_compact();
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
  Event finish_compact() {
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    event_.values_.reserve(pending_.size());
    for (const auto& [field, value] : pending_) {
      if (event_.sparse_.empty() || event_.sparse_.back().first != field)
        event_.sparse_.push_back({field, Event::Slot{static_cast<std::uint32_t>(event_.values_.size()), 0}});
      ++event_.sparse_.back().second.count;
      event_.values_.push_back(value);
    }
    event_.values_.shrink_to_fit();
    event_.sparse_.shrink_to_fit();
    return std::move(event_);
  }

  bool compact_ = false;
  Event event_;
  std::vector<std::pair<FieldId, Value>> pending_;
};

}  // namespace sigil
