#include "dsl/compile/graph_builder.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sigil::dsl {
namespace {

// Everything that makes two predicates different, as text.
std::string canonical(const eval::Predicate& p) {
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind),
                                p.negated, p.require_all, p.field, static_cast<int>(p.op), p.number, p.low, p.high,
                                p.range, p.boolean, p.cased, p.other_field, static_cast<int>(p.part), p.cidr_set,
                                p.ids.size(), p.cost);
  fmt::format_to(std::back_inserter(key), "|{}:{}|{}:{}", static_cast<int>(p.constant.type), p.constant.integer,
                 static_cast<int>(p.constant_high.type), p.constant_high.integer);
  for (eval::PatternId id : p.ids) fmt::format_to(std::back_inserter(key), ",{}", id);
  return key;
}

}  // namespace

std::uint32_t GraphBuilder::add_node(const eval::ExprNode& node) {
  graph_.nodes.push_back(node);
  return static_cast<std::uint32_t>(graph_.nodes.size() - 1);
}

NodeRef GraphBuilder::predicate(const eval::Predicate& predicate) {
  ++predicates_written_;
  auto [it, inserted] = predicate_nodes_.try_emplace(canonical(predicate));
  if (!inserted) return it->second;
  graph_.predicates.push_back(predicate);
  eval::ExprNode node;
  node.kind = eval::ExprNode::Kind::predicate;
  node.predicate = static_cast<eval::PredicateId>(graph_.predicates.size() - 1);
  it->second = NodeRef{add_node(node), predicate.cost};
  return it->second;
}

NodeRef GraphBuilder::always_true() {
  eval::ExprNode node;
  node.kind = eval::ExprNode::Kind::always_true;
  return {add_node(node), 0};
}

NodeRef GraphBuilder::combine(eval::ExprNode::Kind kind, std::vector<NodeRef> children) {
  if (children.size() == 1) return children.front();
  std::stable_sort(children.begin(), children.end(),
                   [](const NodeRef& a, const NodeRef& b) { return a.cost < b.cost; });
  eval::ExprNode node;
  node.kind = kind;
  node.first_child = static_cast<std::uint32_t>(graph_.children.size());
  node.child_count = static_cast<std::uint32_t>(children.size());
  std::uint32_t cost = 0;
  for (const NodeRef& child : children) {
    graph_.children.push_back(child.index);
    cost += child.cost;
  }
  return {add_node(node), cost};
}

NodeRef GraphBuilder::negate(NodeRef child) {
  eval::ExprNode node;
  node.kind = eval::ExprNode::Kind::not_;
  node.first_child = static_cast<std::uint32_t>(graph_.children.size());
  node.child_count = 1;
  graph_.children.push_back(child.index);
  return {add_node(node), child.cost};
}

}  // namespace sigil::dsl
