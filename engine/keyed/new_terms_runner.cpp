#include "engine/keyed/new_terms_runner.hpp"

#include <limits>
#include <string>

#include "engine/state/hash.hpp"

namespace sigil::keyed {

void NewTermsRunner::process(const RunnerInput& in, AlertRaiser& sink, KeyedAlerts& out) {
  bool is_new = false;
  for (const Value& v : in.event.values(spec_.field)) {
    std::uint64_t h = v.is_numeric() ? state::hash_number(v.number) : state::hash_value(v.text);
    is_new |= tracker_.observe(in.key, h, in.event.time_ns(), spec_.horizon);
  }
  if (!is_new) return;
  StoredEvent stored(in.event, *plan_, in.evidence_fields);
  RaisedAlert alert;
  alert.event_index = in.event_index;
  alert.evidence = {&stored};
  alert.contributing = 1;
  alert.suppress_key = in.suppress_key;
  sink.raise(rule_, alert, out);
}

void NewTermsRunner::advance(std::int64_t watermark, std::uint64_t, AlertRaiser&, KeyedAlerts&) {
  if (watermark != std::numeric_limits<std::int64_t>::max() && watermark != std::numeric_limits<std::int64_t>::min())
    tracker_.expire(watermark, spec_.horizon);
}

}  // namespace sigil::keyed
