#include "engine/eval/evaluator.hpp"

#include <algorithm>

#include "engine/match/case_fold.hpp"
#include "engine/match/numeric.hpp"

namespace sigil::eval {
namespace {

bool compare(double a, CompareOp op, double b) {
  switch (op) {
    case CompareOp::eq: return a == b;
    case CompareOp::ne: return a != b;
    case CompareOp::lt: return a < b;
    case CompareOp::le: return a <= b;
    case CompareOp::gt: return a > b;
    case CompareOp::ge: return a >= b;
  }
  return false;
}

bool ordering_satisfies(std::partial_ordering order, CompareOp op) {
  if (order == std::partial_ordering::unordered) return op == CompareOp::ne;
  switch (op) {
    case CompareOp::eq: return order == 0;
    case CompareOp::ne: return order != 0;
    case CompareOp::lt: return order < 0;
    case CompareOp::le: return order <= 0;
    case CompareOp::gt: return order > 0;
    case CompareOp::ge: return order >= 0;
  }
  return false;
}

bool is_text(const Value& v) { return v.type == ValueType::string || v.type == ValueType::raw_json; }

bool text_equal(std::string_view a, std::string_view b, bool cased) {
  if (a.size() != b.size()) return false;
  if (cased) return a == b;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (match::fold_byte(static_cast<unsigned char>(a[i])) != match::fold_byte(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::partial_ordering compare_text(std::string_view a, std::string_view b, bool cased) {
  if (cased) return a <=> b;
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = match::fold_byte(static_cast<unsigned char>(a[i]));
    unsigned char y = match::fold_byte(static_cast<unsigned char>(b[i]));
    if (x != y) return x <=> y;
  }
  return a.size() <=> b.size();
}

}  // namespace

Evaluator::Evaluator(const RuleGraph& graph)
    : graph_(&graph),
      predicate_stamp_(graph.predicates.size(), 0),
      predicate_result_(graph.predicates.size(), 0),
      matcher_stamp_(graph.matchers.size(), 0) {
  matched_.prepare(graph.pattern_id_bound);
  element_matched_.prepare(graph.pattern_id_bound);
  regex_scratch_.resize(graph.matchers.size());
  for (std::size_t i = 0; i < graph.matchers.size(); ++i)
    if (graph.matchers[i].regexes) regex_scratch_[i].emplace(*graph.matchers[i].regexes);
}

void Evaluator::match_value(std::uint32_t index, std::string_view text, match::MatchIds& out) {
  const FieldMatchers& m = graph_->matchers[index];
  if (m.literals) m.literals->match(text, out);
  if (m.regexes) m.regexes->match(text, out, *regex_scratch_[index]);
}

void Evaluator::begin(const Event& event) {
  event_ = &event;
  if (++generation_ == 0) {  // wrapped: stale stamps could look current
    std::fill(predicate_stamp_.begin(), predicate_stamp_.end(), 0);
    std::fill(matcher_stamp_.begin(), matcher_stamp_.end(), 0);
    generation_ = 1;
  }
  matched_.clear();
  time_parts_.reset();
}

bool Evaluator::eval_node(std::uint32_t index) {
  const ExprNode& node = graph_->nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::predicate: return eval_predicate(node.predicate);
    case ExprNode::Kind::always_true: return true;
    case ExprNode::Kind::not_: return !eval_node(graph_->children[node.first_child]);
    case ExprNode::Kind::and_:
      for (std::uint32_t i = 0; i < node.child_count; ++i)
        if (!eval_node(graph_->children[node.first_child + i])) return false;
      return true;
    case ExprNode::Kind::or_:
      for (std::uint32_t i = 0; i < node.child_count; ++i)
        if (eval_node(graph_->children[node.first_child + i])) return true;
      return false;
  }
  return false;
}

bool Evaluator::eval_predicate(PredicateId id) {
  if (predicate_stamp_[id] == generation_) return predicate_result_[id] != 0;
  const Predicate& p = graph_->predicates[id];
  bool result = base_test(p) != p.negated;
  ++predicates_evaluated_;
  predicate_stamp_[id] = generation_;
  predicate_result_[id] = result ? 1 : 0;
  return result;
}

void Evaluator::ensure_matched(std::uint32_t index) {
  if (matcher_stamp_[index] == generation_) return;
  matcher_stamp_[index] = generation_;
  for (const Value& v : event_->values(graph_->matchers[index].field))
    if (is_text(v)) match_value(index, v.text, matched_);
}

std::int64_t Evaluator::time_part(TimePart part) {
  if (!time_parts_) time_parts_ = match::time_parts(event_->time_ns(), graph_->timezone);
  const match::TimeParts& t = *time_parts_;
  switch (part) {
    case TimePart::hour: return t.hour;
    case TimePart::minute: return t.minute;
    case TimePart::weekday: return t.weekday;
    case TimePart::day: return t.day;
    case TimePart::month: return t.month;
    case TimePart::year: return t.year;
  }
  return 0;
}

bool Evaluator::value_satisfies(const Predicate& p, const Value& v) {
  switch (p.kind) {
    case Predicate::Kind::numeric:
      return v.is_numeric() && ordering_satisfies(match::compare_numeric(v, p.constant), p.op);
    case Predicate::Kind::between:
      return v.is_numeric() && match::compare_numeric(v, p.constant) >= 0 &&
             match::compare_numeric(v, p.constant_high) <= 0;
    case Predicate::Kind::boolean: return v.type == ValueType::boolean && v.boolean == p.boolean;
    case Predicate::Kind::is_null: return v.type == ValueType::null;
    case Predicate::Kind::cidr:
      return v.type == ValueType::string && graph_->cidr_sets[p.cidr_set].contains(v.text);
    case Predicate::Kind::field_compare:
      for (const Value& other : event_->values(p.other_field)) {
        if (v.is_numeric() && other.is_numeric()) {
          if (ordering_satisfies(match::compare_numeric(v, other), p.op)) return true;
        } else if (is_text(v) && is_text(other)) {
          if (p.op == CompareOp::eq || p.op == CompareOp::ne) {
            if (text_equal(v.text, other.text, p.cased) == (p.op == CompareOp::eq)) return true;
          } else if (ordering_satisfies(compare_text(v.text, other.text, p.cased), p.op)) {
            return true;
          }
        }
      }
      return false;
    default: return false;
  }
}

bool Evaluator::base_test(const Predicate& p) {
  switch (p.kind) {
    case Predicate::Kind::exists: return !event_->values(p.field).empty();
    case Predicate::Kind::patterns:
    case Predicate::Kind::regexes: {
      std::uint32_t index = graph_->matchers_of_field[p.field];
      if (index == RuleGraph::kNone) return false;
      ensure_matched(index);
      if (p.require_all) {
        for (PatternId id : p.ids)
          if (!matched_.contains(id)) return false;
        if (event_->values(p.field).size() > 1) return all_in_one_element(p, index);
        return !p.ids.empty();
      }
      for (PatternId id : p.ids)
        if (matched_.contains(id)) return true;
      return false;
    }
    case Predicate::Kind::time_part: {
      double x = static_cast<double>(time_part(p.part));
      return p.range ? (x >= p.low && x <= p.high) : compare(x, p.op, p.number);
    }
    default:
      for (const Value& v : event_->values(p.field))
        if (value_satisfies(p, v)) return true;
      return false;
  }
}

// `all` on a field with several values: every constant must match within the same element (a
// test holds for a field when it holds for any one of its values). Rare, so it rescans.
bool Evaluator::all_in_one_element(const Predicate& p, std::uint32_t index) {
  for (const Value& v : event_->values(p.field)) {
    if (!is_text(v)) continue;
    element_matched_.clear();
    match_value(index, v.text, element_matched_);
    if (std::all_of(p.ids.begin(), p.ids.end(), [&](PatternId id) { return element_matched_.contains(id); }))
      return true;
  }
  return false;
}

void Evaluator::collect(std::uint32_t index, std::vector<EvidenceField>& out) {
  const ExprNode& node = graph_->nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::always_true: return;
    case ExprNode::Kind::not_: return;  // what did not happen is no evidence
    case ExprNode::Kind::and_:
    case ExprNode::Kind::or_:
      for (std::uint32_t i = 0; i < node.child_count; ++i) {
        std::uint32_t child = graph_->children[node.first_child + i];
        if (eval_node(child)) collect(child, out);
      }
      return;
    case ExprNode::Kind::predicate: break;
  }
  const Predicate& p = graph_->predicates[node.predicate];
  if (p.kind == Predicate::Kind::time_part || p.field == kNoField) return;
  if (std::any_of(out.begin(), out.end(), [&](const EvidenceField& f) { return f.field == p.field; })) return;
  auto values = event_->values(p.field);
  const Value* shown = values.empty() ? nullptr : &values.front();
  if (!p.negated && values.size() > 1) {
    // The element that satisfied the test, so the evidence shows what matched.
    for (const Value& v : values) {
      bool hit = false;
      if (p.kind == Predicate::Kind::patterns || p.kind == Predicate::Kind::regexes) {
        match::MatchIds one;
        if (is_text(v)) match_value(graph_->matchers_of_field[p.field], v.text, one);
        hit = std::any_of(p.ids.begin(), p.ids.end(), [&](PatternId id) { return one.contains(id); });
      } else if (p.kind != Predicate::Kind::exists) {
        hit = value_satisfies(p, v);
      }
      if (hit) {
        shown = &v;
        break;
      }
    }
  }
  out.push_back({p.field, shown});
  if (p.kind == Predicate::Kind::field_compare &&
      std::none_of(out.begin(), out.end(), [&](const EvidenceField& f) { return f.field == p.other_field; }))
    out.push_back({p.other_field, event_->first(p.other_field)});
}

void Evaluator::evidence(std::uint32_t rule, std::vector<EvidenceField>& out) {
  out.clear();
  collect(graph_->rules[rule].condition, out);
}

}  // namespace sigil::eval

namespace sigil::eval {

Explanation Evaluator::explain(std::uint32_t rule) {
  Explanation out;
  const CompiledRule& r = graph_->rules[rule];
  auto part = [&](const std::pair<std::string, std::uint32_t>& named) {
    Explanation::Part p{named.first, eval_node(named.second), {}};
    if (p.matched) collect(named.second, p.fields);
    return p;
  };
  for (const auto& s : r.selections) out.selections.push_back(part(s));
  for (const auto& e : r.exceptions) out.exceptions.push_back(part(e));
  return out;
}

}  // namespace sigil::eval
