#pragma once
// A copy of the parts of an event that a stateful alert shows as evidence, made when the event
// contributes to per-key state (its batch, which the original views point into, is recycled
// long before a window or sequence fires). Holds the envelope the alert needs and the fields the
// rule's condition looked at; everything lives in one heap block, so moving it keeps the views
// valid.
//
// Thread safety: immutable after construction.

#include <memory>
#include <optional>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/state/snapshot.hpp"

namespace sigil::keyed {

class StoredEvent {
 public:
  // Copies the envelope fields the alert writer reads and every value of `fields`.
  StoredEvent(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields);
  StoredEvent(const StoredEvent&) = delete;
  StoredEvent& operator=(const StoredEvent&) = delete;
  StoredEvent(StoredEvent&&) noexcept = default;
  StoredEvent& operator=(StoredEvent&&) noexcept = default;

  // Snapshot (engine/state/snapshot.hpp): the envelope and every copied value.
  void write_to(state::Writer& w) const;
  // Reads what write_to wrote; nullopt (and the reader's error) on corrupt input or a field id
  // the plan does not have.
  // `source_count`: sources of this run (a position naming another is corrupt).
  static std::optional<StoredEvent> read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count);

  const Event& event() const { return event_; }
  // The evidence fields, pointing into this object.
  const std::vector<EvidenceField>& fields() const { return fields_; }
  std::size_t bytes() const { return bytes_; }

 private:
  StoredEvent() = default;
  void copy(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields,
            std::span<const FieldId> extra_copied);

  std::unique_ptr<char[]> storage_;
  std::size_t bytes_ = 0;
  Event event_;
  std::vector<EvidenceField> fields_;
  std::vector<FieldId> copied_;  // every field copied, evidence fields included
};

}  // namespace sigil::keyed
