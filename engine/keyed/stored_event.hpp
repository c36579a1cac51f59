#pragma once
// A copy of the parts of an event that a stateful alert shows as evidence, made when the event
// contributes to per-key state (its batch, which the original views point into, is recycled
// long before a window or sequence fires). Holds the envelope the alert needs (event.id,
// session.id, user.id, service.name, trace.id, span.id, kind, time, source position) and the
// fields the rule's condition looked at -- nothing else.
//
// IMPLEMENTATION: one heap block, a flat record (values unaligned, read with memcpy):
//   header    33 B: time i64, offset i64, source u32, partition i32, kind u8, evidence count
//             u32, field count u32 (offsets: stored_event.cpp)
//   evidence  u32 field id per evidence field, in the rule's order
//   fields    per copied field (envelope first, then the evidence fields not in it): field id
//             u32, value count u32, then per value a type byte and: boolean u8; integer i64 +
//             f64; number f64; string / raw_json u32 length + the bytes; null nothing
// 16 bytes inline. assign() reuses the block when the new record fits (rings of evidence
// overwrite their oldest slot without allocating). An Event (with its value vectors) is built
// only when an alert is rendered: view().
//
// Thread safety: none (a shard owns it); view() results are independent objects.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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

  // Snapshot (engine/state/snapshot.hpp): the envelope and every copied value.
  void write_to(state::Writer& w) const;
  // Reads what write_to wrote; nullopt (and the reader's error) on corrupt input or a field id
  // the plan does not have. `source_count`: sources of this run (a position naming another is
  // corrupt).
  static std::optional<StoredEvent> read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count);

  bool empty() const { return size_ == 0; }
  std::int64_t time_ns() const;

  // The stored event as an Event for rendering; its strings point into this object, which must
  // outlive it and not be assigned meanwhile.
  struct View {
    Event event;
    std::vector<EvidenceField> fields;  // the evidence fields, in the rule's order
  };
  View view(const FieldPlan& plan) const;

  // Heap bytes (the block, with the allocator's per-block overhead).
  std::size_t heap_bytes() const;

 private:
  template <class F>
  void for_each_field(F&& f) const;  // f(field, count, first value offset) for each copied field

  std::unique_ptr<char[]> data_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

// Bytes glibc's malloc takes for a block of n bytes (8-byte header, 16-byte granules, at least 32).
constexpr std::size_t malloc_bytes(std::size_t n) {
  if (n == 0) return 0;
  std::size_t b = (n + 8 + 15) & ~std::size_t{15};
  return b < 32 ? 32 : b;
}

}  // namespace sigil::keyed
