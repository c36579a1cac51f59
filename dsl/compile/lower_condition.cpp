#include "dsl/compile/lower_condition.hpp"

#include <optional>

namespace sigil::dsl {
namespace {

using Kind = eval::ExprNode::Kind;

class ConditionLowering {
 public:
  ConditionLowering(const check::CheckedRule& rule, PredicateLowering& predicates, GraphBuilder& builder)
      : rule_(rule), predicates_(predicates), builder_(builder), selections_(rule.selections.size()) {}

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
    if (!selections_[index]) selections_[index] = alternatives(rule_.selections[index].alternatives);
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

  LoweredRule run() {
    LoweredRule out;
    out.condition = expr(rule_.condition);
    for (std::size_t i = 0; i < rule_.selections.size(); ++i) out.selections.push_back(selection(i));
    for (const check::CheckedException& exception : rule_.exceptions)
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
  const check::CheckedRule& rule_;
  PredicateLowering& predicates_;
  GraphBuilder& builder_;
  std::vector<std::optional<NodeRef>> selections_;
};

}  // namespace

LoweredRule lower_rule_condition(const check::CheckedRule& rule, PredicateLowering& predicates, GraphBuilder& builder) {
  return ConditionLowering(rule, predicates, builder).run();
}

}  // namespace sigil::dsl
