#pragma once
// A rule's per-key state (checked_stateful.hpp) -> eval::StatefulRule and its Triggers: the
// window/new-terms condition, or each sequence step's `where`, lowered into the shared graph.
// `suppress` is recorded on the compiled rule (the output stage applies it); a rule with only
// `suppress` stays stateless.

#include "dsl/check/checked_stateful.hpp"
#include "dsl/compile/graph_builder.hpp"
#include "dsl/compile/lower_predicate.hpp"
#include "engine/eval/rule_graph.hpp"

namespace sigil::dsl {

// `root` is the rule's lowered condition (with exceptions); unused for sequences.
void lower_stateful(const check::CheckedRule& rule, std::uint32_t rule_index, std::uint32_t root,
                    eval::RuleGraph& graph, PredicateLowering& predicates, GraphBuilder& builder);

}  // namespace sigil::dsl
