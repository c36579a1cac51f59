#pragma once
// A copy of the parts of an event that a stateful alert shows as evidence, made when the event
// contributes to per-key state (its batch, which the original views point into, is recycled
// long before a window or sequence fires). Holds the envelope the alert needs (event.id,
// session.id, user.id, service.name, trace.id, span.id, kind, time, source position) and the
// fields the rule's condition looked at -- nothing else.
//
// IMPLEMENTATION: one heap block, a flat record (values unaligned, read with memcpy; varints are
// LEB128, signed ones zigzag):
//   block     u32 capacity of the block, then the record:
//   header    time i64; kind u8 (bit 7: the partition is -1 and left out); varints: source,
//             partition (signed, unless left out), offset (signed); the evidence count and the
//             count of the fields past the envelope in one byte (4 bits each) when both are
//             under 15, else 0xFF and two varints
//   evidence  per evidence field, in the rule's order, its index among the copied fields (varint)
//   envelope  the six envelope fields in the order above, without field ids (the plan's
//             well-known ids): value count (varint), then the values
//   fields    per other copied field: field id (varint), value count (varint), then the values
//   value     a tag byte, then: null, false, true nothing; integer a signed varint (its double
//             is the integer's, as Value::make_int makes it; an integer whose double differs is
//             tagged apart with i64 + f64); number f64; string / raw_json varint length + the
//             bytes; a string of lowercase (or uppercase) hex digits after an arbitrary prefix
//             (OpenTelemetry trace.id / span.id, "evt-..." ids ending in 8+ hex or decimal
//             digits) the prefix as a string, then varint n + n bytes of packed digit pairs; a
//             lowercase canonical UUID its 16 bytes; service.name a 1-byte index into a
//             process-wide pool of at most 255 names (stored_event.cpp). Every string
//             round-trips exactly: a value not in one of those forms is stored as it is.
// 8 bytes inline. assign() reuses the block when the new record fits (rings of evidence
// overwrite their oldest slot without allocating). An Event (with its value vectors) is built
// only when an alert is rendered: view().
//
// Thread safety: none (a shard owns it); view() results are independent objects.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/state/snapshot.hpp"

namespace sigil::keyed {

class StoredEvent {
 public:
  StoredEvent() = default;
  // Copies the envelope fields the alert writer reads and every value of `fields`.
  StoredEvent(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
    assign(event, plan, fields);
  }
  StoredEvent(const StoredEvent&) = delete;
  StoredEvent& operator=(const StoredEvent&) = delete;
  StoredEvent(StoredEvent&&) noexcept = default;
  StoredEvent& operator=(StoredEvent&&) noexcept = default;

  // Replaces the content; allocates only when the record does not fit the current block.
  void assign(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields);

  // Snapshot (engine/state/snapshot.hpp): the envelope and every copied value, as text (the
  // snapshot format does not depend on this in-memory encoding).
  void write_to(state::Writer& w, const FieldPlan& plan) const;
  // Reads what write_to wrote; nullopt (and the reader's error) on corrupt input or a field id
  // the plan does not have. `source_count`: sources of this run (a position naming another is
  // corrupt).
  static std::optional<StoredEvent> read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count);

  bool empty() const { return data_ == nullptr; }
  std::int64_t time_ns() const;

  // The stored event as an Event for rendering; its strings point into this object or into the
  // View's own `texts` (packed ids unpacked): this object must outlive it and not be assigned
  // meanwhile. A View may be moved (the texts stay where they are).
  struct View {
    Event event;
    std::vector<EvidenceField> fields;  // the evidence fields, in the rule's order
    std::deque<std::string> texts;      // unpacked strings the event points into
  };
  View view(const FieldPlan& plan) const;

  // Heap bytes (the block, with the allocator's per-block overhead).
  std::size_t heap_bytes() const;

 private:
  std::unique_ptr<char[]> data_;  // u32 capacity, then the record (see above)
};

// Bytes glibc's malloc takes for a block of n bytes (8-byte header, 16-byte granules, at least 32).
constexpr std::size_t malloc_bytes(std::size_t n) {
  if (n == 0) return 0;
  std::size_t b = (n + 8 + 15) & ~std::size_t{15};
  return b < 32 ? 32 : b;
}

}  // namespace sigil::keyed
