#pragma once
// A readable account of a compiled rule graph, for `sigil plan`: buckets per event kind, the
// pattern sets per field, the predicates shared by several rules, and each rule's condition
// tree (cheap tests first, as evaluated).

#include <string>

#include "engine/eval/rule_graph.hpp"

namespace sigil::eval {

std::string describe_predicate(const RuleGraph& graph, const Predicate& predicate);
std::string describe_graph(const RuleGraph& graph);

}  // namespace sigil::eval
