#pragma once
// A checked rule's condition, selections and exceptions -> graph nodes. A selection is lowered
// once per rule however often the condition names it.

#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/compile/lower_predicate.hpp"

namespace sigil::dsl {

struct LoweredRule {
  NodeRef root;                               // condition AND NOT any exception
  NodeRef condition;
  std::vector<NodeRef> selections;            // per CheckedRule::selections
  std::vector<NodeRef> exceptions;            // per CheckedRule::exceptions
};

LoweredRule lower_rule_condition(const check::CheckedRule& rule, PredicateLowering& predicates, GraphBuilder& builder);

// A condition over its own selections (a sequence step's `where`).
NodeRef lower_condition(const check::CheckedExpr& condition, const std::vector<check::CheckedSelection>& selections,
                        PredicateLowering& predicates, GraphBuilder& builder);

}  // namespace sigil::dsl
