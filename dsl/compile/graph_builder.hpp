#pragma once
// Emits predicates and condition nodes into a RuleGraph while compiling: predicates are
// hash-consed (an identical test is one node), and the children of and/or nodes are ordered by
// estimated cost so cheap tests short-circuit expensive ones.
//
// Not thread-safe; used only while compiling.

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/eval/rule_graph.hpp"

namespace sigil::dsl {

struct NodeRef {
  std::uint32_t index = 0;
  std::uint32_t cost = 0;  // estimated cost of evaluating the subtree
};

class GraphBuilder {
 public:
  explicit GraphBuilder(eval::RuleGraph& graph) : graph_(graph) {}

  // The node of a predicate, shared with every identical predicate emitted before.
  NodeRef predicate(const eval::Predicate& predicate);
  NodeRef always_true();
  // and_/or_ of `children`, ordered cheap first; a single child is returned as it is.
  NodeRef combine(eval::ExprNode::Kind kind, std::vector<NodeRef> children);
  NodeRef negate(NodeRef child);

  std::size_t predicates_written() const { return predicates_written_; }

 private:
  std::uint32_t add_node(const eval::ExprNode& node);

  eval::RuleGraph& graph_;
  std::unordered_map<std::string, NodeRef> predicate_nodes_;  // canonical predicate -> its node
  std::size_t predicates_written_ = 0;
};

}  // namespace sigil::dsl
