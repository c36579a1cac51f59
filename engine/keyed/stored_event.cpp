#include "engine/keyed/stored_event.hpp"

#include <algorithm>
#include <cstring>

#include "engine/event/event_builder.hpp"

namespace sigil::keyed {

StoredEvent::StoredEvent(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
  const FieldPlan::WellKnown& wk = plan.well_known();
  std::vector<FieldId> copied = {wk.event_id, wk.session_id, wk.user_id, wk.service_name, wk.trace_id, wk.span_id};
  for (FieldId f : fields)
    if (std::find(copied.begin(), copied.end(), f) == copied.end()) copied.push_back(f);

  std::size_t total = 0;
  for (FieldId f : copied)
    for (const Value& v : event.values(f)) total += v.text.size();
  storage_ = std::make_unique<char[]>(std::max<std::size_t>(total, 1));
  bytes_ = total + sizeof(*this);

  EventBuilder builder(plan.size());
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
  for (FieldId f : fields) fields_.push_back({f, event_.first(f)});
}

}  // namespace sigil::keyed
