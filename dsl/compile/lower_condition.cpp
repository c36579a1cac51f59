#include "dsl/compile/lower_condition.hpp"

#include <optional>

namespace sigil::dsl {
namespace {

using Kind = eval::ExprNode::Kind;

class ConditionLowering {
 public:
  ConditionLowering(const std::vector<check::CheckedSelection>& selections, PredicateLowering& predicates,
                    GraphBuilder& builder)
      : selection_defs_(selections), predicates_(predicates), builder_(builder), selections_(selections.size()) {}

  // OR over alternatives of AND over predicates (selections and exception bodies).
  NodeRef alternatives(const std::vector<std::vector<check::CheckedPredicate>>& alternatives) {
    std::vector<NodeRef> any;
    for (const auto& conjunction : alternatives) {
      std::vector<NodeRef> all;
      for (const check::CheckedPredicate& p : conjunction) all.push_back(predicates_.lower(p));
      any.push_back(all.empty() ? builder_.always_true() : builder_.combine(Kind::and_, std::move(all)));
    }
    return builder_.combine(Kind::or_, std::move(any));
  }

  NodeRef selection(std::size_t index) {
    if (!selections_[index]) selections_[index] = alternatives(selection_defs_[index].alternatives);
    return *selections_[index];
  }

  NodeRef expr(const check::CheckedExpr& e) {
    switch (e.kind) {
      case check::CheckedExpr::Kind::selection: return selection(e.selection);
      case check::CheckedExpr::Kind::predicate: return predicates_.lower(*e.predicate);
      case check::CheckedExpr::Kind::not_: return builder_.negate(expr(e.children.at(0)));
      case check::CheckedExpr::Kind::and_:
      case check::CheckedExpr::Kind::or_: {
        std::vector<NodeRef> children;
        for (const check::CheckedExpr& child : e.children) children.push_back(expr(child));
        return builder_.combine(e.kind == check::CheckedExpr::Kind::and_ ? Kind::and_ : Kind::or_,
                                std::move(children));
      }
    }
    return builder_.always_true();
  }

  LoweredRule run(const check::CheckedRule& rule) {
    LoweredRule out;
    out.condition = expr(rule.condition);
    for (std::size_t i = 0; i < rule.selections.size(); ++i) out.selections.push_back(selection(i));
    for (const check::CheckedException& exception : rule.exceptions)
      out.exceptions.push_back(alternatives(exception.alternatives));
    if (out.exceptions.empty()) {
      out.root = out.condition;
    } else {
      NodeRef excluded = builder_.combine(Kind::or_, out.exceptions);
      out.root = builder_.combine(Kind::and_, {out.condition, builder_.negate(excluded)});
    }
    return out;
  }

 private:
  const std::vector<check::CheckedSelection>& selection_defs_;
  PredicateLowering& predicates_;
  GraphBuilder& builder_;
  std::vector<std::optional<NodeRef>> selections_;
};

}  // namespace

LoweredRule lower_rule_condition(const check::CheckedRule& rule, PredicateLowering& predicates, GraphBuilder& builder) {
  return ConditionLowering(rule.selections, predicates, builder).run(rule);
}

NodeRef lower_condition(const check::CheckedExpr& condition, const std::vector<check::CheckedSelection>& selections,
                        PredicateLowering& predicates, GraphBuilder& builder) {
  return ConditionLowering(selections, predicates, builder).expr(condition);
}

}  // namespace sigil::dsl
