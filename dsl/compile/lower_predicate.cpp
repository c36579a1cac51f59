#include "dsl/compile/lower_predicate.hpp"

#include <algorithm>
#include <stdexcept>
#include <variant>

#include "engine/match/base64.hpp"

namespace sigil::dsl {
namespace {

using check::CheckedPredicate;
using check::CheckedValue;
using eval::Predicate;
using Op = syntax::Op;

// Relative costs, for ordering and `sigil plan`: a field lookup is 1; a literal set pass over a
// field is shared by every test on that field, regexes and CIDR parsing cost more.
constexpr std::uint16_t kCostCheap = 1;
constexpr std::uint16_t kCostEquals = 2;
constexpr std::uint16_t kCostTimePart = 2;
constexpr std::uint16_t kCostFieldCompare = 3;
constexpr std::uint16_t kCostCidr = 4;
constexpr std::uint16_t kCostSubstring = 5;
constexpr std::uint16_t kCostRegex = 10;

eval::CompareOp compare_op(Op op) {
  switch (op) {
    case Op::ne: return eval::CompareOp::ne;
    case Op::lt: return eval::CompareOp::lt;
    case Op::le: return eval::CompareOp::le;
    case Op::gt: return eval::CompareOp::gt;
    case Op::ge: return eval::CompareOp::ge;
    default: return eval::CompareOp::eq;
  }
}

eval::TimePart time_part(check::TimePart part) { return static_cast<eval::TimePart>(part); }

match::LiteralMode literal_mode(Op op) {
  switch (op) {
    case Op::contains: return match::LiteralMode::contains;
    case Op::startswith: return match::LiteralMode::startswith;
    case Op::endswith: return match::LiteralMode::endswith;
    default: return match::LiteralMode::equals;
  }
}

double numeric(const CheckedValue& v) { return v.type == CheckedValue::Type::integer ? static_cast<double>(v.integer) : v.number; }

// The constant as a Value, so comparisons with event values are exact beyond 2^53.
Value constant(const CheckedValue& v) {
  return v.type == CheckedValue::Type::integer ? Value::make_int(v.integer) : Value::make_number(v.number);
}

}  // namespace

PredicateLowering::PredicateLowering(FieldPlan& plan, PatternTable& patterns, GraphBuilder& builder,
                                     std::vector<match::CidrSet>& cidr_sets)
    : plan_(plan), patterns_(patterns), builder_(builder), cidr_sets_(cidr_sets) {}

FieldId PredicateLowering::field_id(const check::FieldRef& field) {
  if (field.kind == check::FieldRef::Kind::time_part) return kNoField;
  return plan_.add_path(field.path);
}

NodeRef PredicateLowering::lower(const CheckedPredicate& c) {
  if (c.field.kind == check::FieldRef::Kind::time_part) return lower_time_part(c);

  Predicate base;
  base.field = field_id(c.field);
  base.negated = c.negated;

  if (c.op == Op::exists) {
    base.kind = Predicate::Kind::exists;
    base.cost = kCostCheap;
    return builder_.predicate(base);
  }
  if (c.other_field) {
    base.kind = Predicate::Kind::field_compare;
    base.op = compare_op(c.op);
    base.cased = c.cased;
    base.other_field = field_id(*c.other_field);
    base.cost = kCostFieldCompare;
    return builder_.predicate(base);
  }
  if (c.op == Op::between) {
    base.kind = Predicate::Kind::between;
    base.low = numeric(c.values.at(0));
    base.high = numeric(c.values.at(1));
    base.constant = constant(c.values.at(0));
    base.constant_high = constant(c.values.at(1));
    base.cost = kCostCheap;
    return builder_.predicate(base);
  }
  if (c.op == Op::cidr) {
    std::vector<match::CidrSet::Entry> entries;
    for (const CheckedValue& v : c.values) {
      auto parsed = match::parse_cidr(v.text);
      if (auto* error = std::get_if<std::string>(&parsed)) throw std::logic_error("unchecked CIDR: " + *error);
      entries.push_back({std::get<match::Cidr>(parsed), 0});
    }
    base.kind = Predicate::Kind::cidr;
    base.cidr_set = static_cast<std::uint32_t>(cidr_sets_.size());
    cidr_sets_.emplace_back(std::move(entries));
    base.cost = kCostCidr;
    return builder_.predicate(base);
  }
  if (c.op == Op::re) {
    base.kind = Predicate::Kind::regexes;
    base.require_all = c.quantifier == check::Quantifier::all;
    for (const CheckedValue& v : c.values) base.ids.push_back(patterns_.regex(base.field, v.text, c.cased));
    std::sort(base.ids.begin(), base.ids.end());
    base.ids.erase(std::unique(base.ids.begin(), base.ids.end()), base.ids.end());
    base.cost = kCostRegex;
    return builder_.predicate(base);
  }
  if (c.op == Op::lt || c.op == Op::le || c.op == Op::gt || c.op == Op::ge) {
    base.kind = Predicate::Kind::numeric;
    base.op = compare_op(c.op);
    base.number = numeric(c.values.at(0));
    base.constant = constant(c.values.at(0));
    base.cost = kCostCheap;
    return builder_.predicate(base);
  }
  return lower_value_match(c, base);
}

// eq / ne / in / contains / startswith / endswith: the constants split by type. Strings become
// patterns of the field (one predicate for all of them); numbers, booleans and nulls become one
// predicate each. They are OR'd (quantifier any) or AND'ed (all), then negated as a whole.
NodeRef PredicateLowering::lower_value_match(const CheckedPredicate& c, Predicate base) {
  bool all = c.quantifier == check::Quantifier::all;
  bool negated = c.negated != (c.op == Op::ne);  // `!=` is the negation of `==`
  base.negated = false;

  Predicate strings = base;
  strings.kind = Predicate::Kind::patterns;
  strings.require_all = all;
  match::LiteralMode mode = literal_mode(c.op);
  strings.cost = mode == match::LiteralMode::equals ? kCostEquals : kCostSubstring;

  std::vector<NodeRef> parts;
  for (const CheckedValue& v : c.values) {
    switch (v.type) {
      case CheckedValue::Type::string:
        if (c.encoding == check::Encoding::base64) {
          // Sigma: `base64` encodes the constant and keeps the operator (== / contains / ...).
          strings.ids.push_back(patterns_.literal(base.field, mode, true, {match::base64(v.text)}));
        } else if (c.encoding == check::Encoding::base64offset) {
          auto forms = match::base64offset(v.text);
          strings.ids.push_back(
              patterns_.literal(base.field, match::LiteralMode::contains, true, {forms[0], forms[1], forms[2]}));
        } else {
          strings.ids.push_back(patterns_.literal(base.field, mode, c.cased, {v.text}));
        }
        break;
      case CheckedValue::Type::integer:
      case CheckedValue::Type::number: {
        Predicate p = base;
        p.kind = Predicate::Kind::numeric;
        p.op = eval::CompareOp::eq;
        p.number = numeric(v);
        p.constant = constant(v);
        p.cost = kCostCheap;
        parts.push_back(builder_.predicate(p));
        break;
      }
      case CheckedValue::Type::boolean: {
        Predicate p = base;
        p.kind = Predicate::Kind::boolean;
        p.boolean = v.boolean;
        p.cost = kCostCheap;
        parts.push_back(builder_.predicate(p));
        break;
      }
      case CheckedValue::Type::null: {
        // The normalizer turns an explicit null of a contract field into an absent value, so
        // `== null` means "absent or null".
        Predicate exists = base;
        exists.kind = Predicate::Kind::exists;
        exists.negated = true;
        exists.cost = kCostCheap;
        Predicate is_null = base;
        is_null.kind = Predicate::Kind::is_null;
        is_null.cost = kCostCheap;
        parts.push_back(builder_.combine(eval::ExprNode::Kind::or_,
                                         {builder_.predicate(exists), builder_.predicate(is_null)}));
        break;
      }
    }
  }
  if (!strings.ids.empty()) {
    std::sort(strings.ids.begin(), strings.ids.end());
    strings.ids.erase(std::unique(strings.ids.begin(), strings.ids.end()), strings.ids.end());
    if (parts.empty()) {  // the common case: one predicate, negation folded into it
      strings.negated = negated;
      return builder_.predicate(strings);
    }
    parts.push_back(builder_.predicate(strings));
  }
  if (parts.empty()) throw std::logic_error("predicate without constants reached the compiler");
  NodeRef combined = builder_.combine(all ? eval::ExprNode::Kind::and_ : eval::ExprNode::Kind::or_, std::move(parts));
  return negated ? builder_.negate(combined) : combined;
}

NodeRef PredicateLowering::lower_time_part(const CheckedPredicate& c) {
  uses_time_parts_ = true;
  Predicate base;
  base.kind = Predicate::Kind::time_part;
  base.part = time_part(c.field.time_part);
  base.cost = kCostTimePart;
  if (c.op == Op::exists) {  // every event has a time, so every time part exists
    NodeRef always = builder_.always_true();
    return c.negated ? builder_.negate(always) : always;
  }
  if (c.op == Op::between) {
    base.range = true;
    base.low = numeric(c.values.at(0));
    base.high = numeric(c.values.at(1));
    base.negated = c.negated;
    return builder_.predicate(base);
  }
  bool negated = c.negated != (c.op == Op::ne);
  if (c.op == Op::lt || c.op == Op::le || c.op == Op::gt || c.op == Op::ge) {
    base.op = compare_op(c.op);
    base.number = numeric(c.values.at(0));
    base.negated = c.negated;
    return builder_.predicate(base);
  }
  std::vector<NodeRef> parts;
  for (const CheckedValue& v : c.values) {
    Predicate p = base;
    p.op = eval::CompareOp::eq;
    p.number = numeric(v);
    parts.push_back(builder_.predicate(p));
  }
  NodeRef combined = builder_.combine(
      c.quantifier == check::Quantifier::all ? eval::ExprNode::Kind::and_ : eval::ExprNode::Kind::or_, std::move(parts));
  return negated ? builder_.negate(combined) : combined;
}

}  // namespace sigil::dsl
