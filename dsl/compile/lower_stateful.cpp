#include "dsl/compile/lower_stateful.hpp"

#include <stdexcept>

#include "dsl/compile/lower_condition.hpp"

namespace sigil::dsl {
namespace {

using namespace check;

eval::KeySpec key_spec(const std::vector<FieldRef>& keys, PredicateLowering& predicates) {
  eval::KeySpec spec;
  for (const FieldRef& key : keys) spec.fields.push_back(predicates.field_id(key));
  return spec;
}

eval::ArithNode lower_arith(const CheckedArith& a, std::vector<eval::AggregateSpec>& aggregates) {
  eval::ArithNode n;
  n.number = a.number;
  n.aggregate = static_cast<std::uint32_t>(a.aggregate);
  switch (a.kind) {
    case CheckedArith::Kind::number: n.kind = eval::ArithNode::Kind::number; break;
    case CheckedArith::Kind::aggregate: n.kind = eval::ArithNode::Kind::aggregate; break;
    case CheckedArith::Kind::baseline:
    case CheckedArith::Kind::zscore:
      n.kind = a.kind == CheckedArith::Kind::baseline ? eval::ArithNode::Kind::baseline : eval::ArithNode::Kind::zscore;
      aggregates.at(a.aggregate).needs_baseline = true;
      aggregates.at(a.aggregate).baseline_horizon = a.horizon;
      break;
    case CheckedArith::Kind::add: n.kind = eval::ArithNode::Kind::add; break;
    case CheckedArith::Kind::sub: n.kind = eval::ArithNode::Kind::sub; break;
    case CheckedArith::Kind::mul: n.kind = eval::ArithNode::Kind::mul; break;
    case CheckedArith::Kind::div: n.kind = eval::ArithNode::Kind::div; break;
    case CheckedArith::Kind::neg: n.kind = eval::ArithNode::Kind::neg; break;
  }
  for (const CheckedArith& child : a.children) n.children.push_back(lower_arith(child, aggregates));
  return n;
}

eval::HavingNode::Op having_op(syntax::Op op) {
  switch (op) {
    case syntax::Op::eq: return eval::HavingNode::Op::eq;
    case syntax::Op::ne: return eval::HavingNode::Op::ne;
    case syntax::Op::lt: return eval::HavingNode::Op::lt;
    case syntax::Op::le: return eval::HavingNode::Op::le;
    case syntax::Op::ge: return eval::HavingNode::Op::ge;
    default: return eval::HavingNode::Op::gt;
  }
}

eval::HavingNode lower_having(const CheckedHaving& h, std::vector<eval::AggregateSpec>& aggregates) {
  eval::HavingNode n;
  switch (h.kind) {
    case CheckedHaving::Kind::compare: n.kind = eval::HavingNode::Kind::compare; break;
    case CheckedHaving::Kind::and_: n.kind = eval::HavingNode::Kind::and_; break;
    case CheckedHaving::Kind::or_: n.kind = eval::HavingNode::Kind::or_; break;
    case CheckedHaving::Kind::not_: n.kind = eval::HavingNode::Kind::not_; break;
  }
  n.op = having_op(h.op);
  for (const CheckedArith& operand : h.operands) n.operands.push_back(lower_arith(operand, aggregates));
  for (const CheckedHaving& child : h.children) n.children.push_back(lower_having(child, aggregates));
  return n;
}

eval::AggregateFn aggregate_fn(AggregateFn fn) { return static_cast<eval::AggregateFn>(fn); }

eval::BoundTestSpec::Op bound_op(syntax::Op op) {
  switch (op) {
    case syntax::Op::contains: return eval::BoundTestSpec::Op::contains;
    case syntax::Op::startswith: return eval::BoundTestSpec::Op::startswith;
    case syntax::Op::endswith: return eval::BoundTestSpec::Op::endswith;
    default: return eval::BoundTestSpec::Op::eq;
  }
}

eval::StepSpec lower_step(const CheckedStep& step, PredicateLowering& predicates, GraphBuilder& builder) {
  eval::StepSpec out;
  out.name = step.name;
  out.kinds = step.kinds;
  out.node = lower_condition(step.condition, step.selections, predicates, builder).index;
  for (const CheckedBoundTest& t : step.bound_tests)
    out.bound_tests.push_back({predicates.field_id(t.field), bound_op(t.op), t.negated != (t.op == syntax::Op::ne),
                               t.cased, static_cast<std::uint32_t>(t.binding)});
  if (step.key) out.key_field = predicates.field_id(*step.key);
  out.min_repeat = step.min_repeat;
  out.max_repeat = step.max_repeat;
  out.absent = step.absent;
  return out;
}

void add_trigger(eval::RuleGraph& graph, KindMask kinds, eval::Trigger trigger) {
  for (std::size_t k = 0; k < kKindCount; ++k)
    if (kinds & kind_bit(static_cast<Kind>(k))) graph.triggers[k].push_back(trigger);
}

}  // namespace

void lower_stateful(const CheckedRule& rule, std::uint32_t rule_index, std::uint32_t root, eval::RuleGraph& graph,
                    PredicateLowering& predicates, GraphBuilder& builder) {
  const CheckedStateful* checked = rule.stateful.get();
  eval::StatefulRule out;
  out.rule = rule_index;
  std::uint32_t index = static_cast<std::uint32_t>(graph.stateful.size());

  if (checked && checked->suppress)
    graph.rules[rule_index].suppress =
        eval::SuppressSpec{checked->suppress->length, key_spec(checked->suppress->keys, predicates)};
  if (!checked || !checked->is_stateful()) {  // suppression only: the rule stays stateless
    for (std::size_t k = 0; k < kKindCount; ++k)
      if (rule.kinds & kind_bit(static_cast<Kind>(k))) graph.buckets[k].push_back(rule_index);
    return;
  }

  if (checked && checked->window) {
    out.type = eval::StatefulRule::Type::window;
    eval::WindowSpec w;
    w.tumbling = checked->window->tumbling;
    w.length = checked->window->length;
    w.key = key_spec(checked->window->keys, predicates);
    w.baseline_warmup = checked->baseline_warmup;
    for (const CheckedAggregate& a : checked->aggregates) {
      eval::AggregateSpec spec;
      spec.name = a.name;
      spec.fn = aggregate_fn(a.fn);
      if (a.field) spec.field = predicates.field_id(*a.field);
      if (spec.field != kNoField) out.evidence_fields.push_back(spec.field);
      w.aggregates.push_back(std::move(spec));
    }
    if (checked->having) w.having = lower_having(*checked->having, w.aggregates);
    out.window = std::move(w);
    add_trigger(graph, rule.kinds, {index, 0, root});
  } else if (checked && checked->new_terms) {
    out.type = eval::StatefulRule::Type::new_terms;
    eval::NewTermsSpec n;
    n.field = predicates.field_id(checked->new_terms->field);
    n.key = key_spec(checked->new_terms->keys, predicates);
    n.horizon = checked->new_terms->horizon;
    out.evidence_fields.push_back(n.field);
    out.new_terms = std::move(n);
    add_trigger(graph, rule.kinds, {index, 0, root});
  } else if (checked && checked->sequence) {
    out.type = eval::StatefulRule::Type::sequence;
    const CheckedSequence& cs = *checked->sequence;
    eval::SequenceSpec s;
    s.key = key_spec(cs.keys, predicates);
    s.within = cs.within;
    s.binding_count = static_cast<std::uint32_t>(cs.bindings.size());
    for (const CheckedBinding& b : cs.bindings) s.binding_names.push_back(b.name);
    for (std::size_t i = 0; i < cs.steps.size(); ++i) {
      eval::StepSpec step = lower_step(cs.steps[i], predicates, builder);
      for (std::size_t b : cs.steps[i].binds)
        step.binds.emplace_back(static_cast<std::uint32_t>(b), predicates.field_id(cs.bindings.at(b).field));
      add_trigger(graph, step.kinds, {index, static_cast<std::uint32_t>(i), step.node});
      s.steps.push_back(std::move(step));
    }
    if (cs.until) {
      s.until = lower_step(*cs.until, predicates, builder);
      add_trigger(graph, s.until->kinds, {index, static_cast<std::uint32_t>(cs.steps.size()), s.until->node});
    }
    out.sequence = std::move(s);
  }
  graph.stateful.push_back(std::move(out));
}

}  // namespace sigil::dsl
