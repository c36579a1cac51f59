#pragma once
// Which field paths the normalizer materializes, and the FieldId of each. Every field of the
// catalog is in the plan, because the normalizer type-checks them all; but only the fields the
// engine itself reads (envelope, time, defaults) and the fields rules read (add_path) are
// materialized as values. Rules also add paths below open fields (tool.arguments.to) and
// outside the contract (extra producer fields).
//
// Call order: construct, add_path() during set-up (rule compilation), then freeze(); after
// freeze() the plan is immutable and shared by all threads. Lookups on the hot path go through
// the trie (Node), one hash probe per path segment.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/event/field_catalog.hpp"
#include "engine/event/field_id.hpp"
#include "engine/event/kind.hpp"

namespace sigil {

class FieldPlan {
 public:
  // Paths that the normalizer itself decodes.
  struct WellKnown {
    FieldId schema_version, kind, time, time_unix_nano, event_id, session_id, user_id, service_name,
        trace_id, span_id, input_tokens, output_tokens, total_tokens;
  };

  struct Slot {
    std::string path;
    const FieldSpec* spec = nullptr;  // nullptr for paths outside the contract
    bool below_open = false;          // a sub-path of an open field
    bool materialized = false;        // values are kept in events (else only type-checked)
  };

  struct SegmentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  struct Node {
    // Children by one path segment; a key holding dots ("user.id") is walked segment by segment.
    std::unordered_map<std::string, std::unique_ptr<Node>, SegmentHash, std::equal_to<>> children;
    FieldId field = kNoField;  // the field ending at this node, if any
    bool open = false;         // a free-form object: its whole value is also kept as raw JSON
  };

  explicit FieldPlan(const FieldCatalog& catalog);

  // Adds a path (if new), marks it materialized, and returns its FieldId. Set-up only; throws
  // std::logic_error after freeze().
  FieldId add_path(std::string_view path);
  // Materializes every field of the plan (for tools that show whole events).
  void materialize_all();
  void freeze() { frozen_ = true; }

  std::optional<FieldId> find(std::string_view path) const;
  const Slot& slot(FieldId id) const { return slots_[id]; }
  bool materialized(FieldId id) const { return slots_[id].materialized; }
  std::size_t size() const { return slots_.size(); }
  const WellKnown& well_known() const { return well_known_; }
  const Node& root() const { return root_; }
  const FieldCatalog& catalog() const { return *catalog_; }

  // Fields required by `kind`, and fields with a default that applies to `kind`.
  const std::vector<FieldId>& required_fields(Kind kind) const { return required_[static_cast<int>(kind)]; }
  const std::vector<FieldId>& defaulted_fields(Kind kind) const { return defaulted_[static_cast<int>(kind)]; }

 private:
  FieldId register_path(std::string_view path);

  const FieldCatalog* catalog_;
  std::vector<Slot> slots_;
  Node root_;
  WellKnown well_known_{};
  std::vector<FieldId> required_[kKindCount];
  std::vector<FieldId> defaulted_[kKindCount];
  bool frozen_ = false;
};

}  // namespace sigil
