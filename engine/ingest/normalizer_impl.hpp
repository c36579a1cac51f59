#pragma once
// The Normalizer's state, shared by its two parsers (private to engine/ingest):
//  - the fast path (fast_parse.cpp): a hand-written single-pass parser that validates syntax,
//    UTF-8 and escapes as it goes, dispatches keys through the KeyTable and skips the values of
//    fields nobody reads. It only ever accepts; on anything it does not handle or that is wrong,
//    it gives up and the record goes to
//  - the reference path (normalizer.cpp): UTF-8 pre-check and RapidJSON's SAX parse, which
//    decides and words every rejection (reason, message, byte offset).
// Both fill the same state through record()/add(), so an event the fast path accepts is the
// event the reference path would have built (tests/engine/fast_parse_test.cpp checks this).

#include <rapidjson/fwd.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/event/event.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/key_table.hpp"
#include "engine/ingest/normalizer.hpp"

namespace sigil {

// Types of a field's values, for messages.
std::string_view json_type_name(JsonTypeMask type);
std::string expected_types(JsonTypeMask mask);

struct Normalizer::Impl {
  using Node = FieldPlan::Node;
  struct Frame {
    const Node* node;        // trie node of this container; nullptr: nothing below is kept
    bool is_array;
    FieldId capture = kNoField;  // open field whose value is this container (kept as raw JSON)
    std::size_t start = 0;       // byte offset of the container's opening bracket
  };
  struct Pending {
    FieldId field;
    Value value;
  };
  // What record() needs of a field, packed (one load instead of the plan's Slot and FieldSpec).
  struct FieldInfo {
    JsonTypeMask types = 0;
    bool contract = false;  // has a FieldSpec
    bool repeated = false;
    bool materialized = false;
  };

  Impl(const FieldPlan& p, NormalizerLimits l);
  void refresh();  // keys and info from the plan as it is now

  const FieldPlan& plan;
  NormalizerLimits limits;
  // Built from the plan when the Normalizer is constructed (after set-up: the plan is then
  // frozen); rebuilt if paths were added since. materialize_all() after construction is not seen.
  KeyTable keys;
  std::vector<FieldInfo> info;
  std::vector<Frame> frames;
  std::vector<Pending> pending;
  const Node* key_node = nullptr;
  Event* event = nullptr;
  rapidjson::InsituStringStream* stream = nullptr;
  std::string_view original;
  bool failed = false;
  Rejection* rejection = nullptr;

  // Parses the record into the state; true when it is accepted as far as the parse goes.
  bool parse_fast(char* scratch, bool& scratch_written);  // fast_parse.cpp; false: give up
  bool parse_reference(char* scratch);                    // normalizer.cpp; false: rejected

  // The value and type RapidJSON gives the number at p (for numbers the fast path does not
  // convert itself); false when RapidJSON rejects it.
  static bool rapidjson_number(const char* p, Value& value, JsonTypeMask& type);

  bool fail(RejectReason reason, std::string message);
  std::size_t stream_offset() const;  // of the reference parse

  // Type and duplicate checks, then add(). On a violation the reference path fails with the
  // message; the fast path (kQuiet) only says no.
  template <bool kQuiet = false>
  bool record(FieldId field, const Value& value, JsonTypeMask type) {
    const FieldInfo& f = info[field];
    if (f.contract) {
      if (type == kJsonNull) return true;  // an explicit null is an absent value
      bool ok = (f.types & type) != 0 || (type == kJsonInteger && (f.types & kJsonNumber) != 0);
      if (!ok || (!f.repeated && event->slots_[field].count > 0)) {
        if constexpr (kQuiet) return false;
        else return fail_record(field, type, ok);
      }
    }
    add(field, value, f.materialized);
    return true;
  }
  bool fail_record(FieldId field, JsonTypeMask type, bool type_ok);
  // record<true> for a field that is not materialized: the same checks and count, no value.
  bool count_quiet(FieldId field, JsonTypeMask type) {
    const FieldInfo& f = info[field];
    if (f.contract) {
      if (type == kJsonNull) return true;
      bool ok = (f.types & type) != 0 || (type == kJsonInteger && (f.types & kJsonNumber) != 0);
      if (!ok || (!f.repeated && event->slots_[field].count > 0)) return false;
    }
    Event::Slot& slot = event->slots_[field];
    if (slot.count == 0) event->touched_.push_back(field);
    ++slot.count;
    return true;
  }

  void add(FieldId field, const Value& value, bool materialized) {
    Event::Slot& slot = event->slots_[field];
    if (slot.count == 0) event->touched_.push_back(field);
    ++slot.count;
    if (materialized) pending.push_back({field, value});
  }
  void add(FieldId field, const Value& value) { add(field, value, info[field].materialized); }

  void finish_values();
  void reset(Event& e);
  const Value* only(FieldId field) const;
  bool check_envelope_and_time();
};

}  // namespace sigil
