#pragma once
// One checked predicate -> graph nodes (usually one hash-consed Predicate; a small or/and tree
// when the constants mix types, e.g. `x in [1, "one"]`). Registers the fields it reads in the
// plan and its string constants in the pattern table.

#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/compile/graph_builder.hpp"
#include "dsl/compile/pattern_table.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/match/cidr.hpp"

namespace sigil::dsl {

class PredicateLowering {
 public:
  PredicateLowering(FieldPlan& plan, PatternTable& patterns, GraphBuilder& builder,
                    std::vector<match::CidrSet>& cidr_sets);

  NodeRef lower(const check::CheckedPredicate& predicate);
  FieldId field_id(const check::FieldRef& field);
  bool uses_time_parts() const { return uses_time_parts_; }

 private:
  NodeRef lower_value_match(const check::CheckedPredicate& predicate, eval::Predicate base);
  NodeRef lower_time_part(const check::CheckedPredicate& predicate);

  FieldPlan& plan_;
  PatternTable& patterns_;
  GraphBuilder& builder_;
  std::vector<match::CidrSet>& cidr_sets_;
  bool uses_time_parts_ = false;
};

}  // namespace sigil::dsl
