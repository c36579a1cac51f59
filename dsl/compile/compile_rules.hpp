#pragma once
// Checked rules -> the evaluation graph (engine/eval/rule_graph.hpp), in small named passes:
//
//   register_fields    every path a rule reads gets a FieldId in the graph's FieldPlan (the
//                      normalizer materializes exactly the plan's fields)
//   lower_predicates   CheckedPredicate -> Predicate, hash-consed (one node per distinct test);
//                      string constants become patterns of their field's group (base64 forms
//                      expanded), hash-consed too
//   lower_conditions   CheckedExpr (+ exceptions) -> flat ExprNodes, children cheap first
//   build_matchers     one Aho-Corasick literal set and one RE2::Set per field
//   bucket_rules       rule indices per event kind
//
// Compile time is linear in the size of the rule set (hash maps keyed by canonical text).
// Problems the checker cannot see (an RE2::Set over its memory budget) are diagnostics with code
// E-COMPILE at the rule's position; the result is then null.

#include <memory>

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "engine/eval/rule_graph.hpp"

namespace sigil::dsl {

struct CompileStats {
  std::size_t rules = 0;
  std::size_t predicates_written = 0;  // predicate occurrences in the rules (before sharing)
  std::size_t predicates = 0;          // distinct predicates after hash-consing
  std::size_t patterns = 0;            // distinct literal patterns over all fields
  std::size_t regexes = 0;             // distinct regexes over all fields
  double seconds = 0;                  // wall time of compile_rules
};

std::unique_ptr<eval::RuleGraph> compile_rules(const check::RuleSet& rules, Diagnostics& diagnostics,
                                               CompileStats* stats = nullptr);

}  // namespace sigil::dsl
