#include "dsl/check/contradiction_lint.hpp"

#include <fmt/format.h>

#include <cctype>
#include <limits>
#include <map>

namespace sigil::dsl::check {
namespace {

using syntax::Op;

bool is_single_valued(const FieldRef& field) {
  return field.kind == FieldRef::Kind::time_part || (field.kind == FieldRef::Kind::contract && !field.spec->repeated);
}

bool is_plain(const CheckedPredicate& p) {
  return !p.negated && p.values.size() == 1 && !p.other_field && p.encoding == Encoding::none &&
         is_single_valued(p.field);
}

bool is_numeric(const CheckedValue& v) {
  return v.type == CheckedValue::Type::integer || v.type == CheckedValue::Type::number;
}

std::string folded(const CheckedValue& value, bool cased) {
  std::string out = value.text;
  if (!cased)
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What the plain tests of one field allow so far.
struct FieldConstraint {
  const CheckedPredicate* equal_string = nullptr;
  double low = -std::numeric_limits<double>::infinity(), high = std::numeric_limits<double>::infinity();
  bool low_open = false, high_open = false;
  const CheckedPredicate* first = nullptr;  // first bound, for the related note
};

void report(const CheckedPredicate& later, const CheckedPredicate& earlier, Diagnostics& diagnostics) {
  auto& d = diagnostics.warning("W-ALWAYS-FALSE", later.span,
                                fmt::format("`{}` cannot pass this test and the earlier one at once: the selection "
                                            "line never matches",
                                            later.field.path));
  d.related.push_back({earlier.span, "the earlier test"});
  d.hints.push_back("lines of one block are ANDed; write `or` blocks for alternatives, or `in [...]`");
}

// Narrows the numeric range; true when it became empty.
bool narrow(FieldConstraint& c, Op op, double value) {
  switch (op) {
    case Op::eq: c.low = std::max(c.low, value); c.high = std::min(c.high, value); break;
    case Op::gt: if (value >= c.low) { c.low = value; c.low_open = true; } break;
    case Op::ge: if (value > c.low) { c.low = value; c.low_open = false; } break;
    case Op::lt: if (value <= c.high) { c.high = value; c.high_open = true; } break;
    case Op::le: if (value < c.high) { c.high = value; c.high_open = false; } break;
    default: return false;
  }
  return c.low > c.high || (c.low == c.high && (c.low_open || c.high_open));
}

}  // namespace

void lint_and_list(const std::vector<CheckedPredicate>& predicates, Diagnostics& diagnostics) {
  std::map<std::string_view, FieldConstraint> constraints;
  for (const CheckedPredicate& p : predicates) {
    if (!is_plain(p) && !(p.op == Op::between && !p.negated && is_single_valued(p.field))) continue;
    FieldConstraint& c = constraints[p.field.path];
    const CheckedValue& value = p.values.front();
    if (p.op == Op::eq && value.type == CheckedValue::Type::string) {
      if (c.equal_string) {
        bool cased = c.equal_string->cased && p.cased;
        if (folded(c.equal_string->values.front(), cased) != folded(value, cased)) {
          report(p, *c.equal_string, diagnostics);
          return;
        }
      }
      if (!c.equal_string) c.equal_string = &p;
      continue;
    }
    bool empty = false;
    if (p.op == Op::between && p.values.size() == 2) {
      empty = narrow(c, Op::ge, p.values[0].number) | narrow(c, Op::le, p.values[1].number);
    } else if (is_numeric(value)) {
      empty = narrow(c, p.op, value.number);
    } else {
      continue;
    }
    if (empty && c.first) {
      report(p, *c.first, diagnostics);
      return;
    }
    if (!c.first) c.first = &p;
  }
}

namespace {

bool is_selection(const CheckedExpr& e) { return e.kind == CheckedExpr::Kind::selection; }
bool is_not_selection(const CheckedExpr& e) {
  return e.kind == CheckedExpr::Kind::not_ && e.children.size() == 1 && is_selection(e.children.front());
}

}  // namespace

void lint_condition(const CheckedExpr& condition, const std::vector<CheckedSelection>& selections,
                    Diagnostics& diagnostics) {
  for (const CheckedExpr& child : condition.children) lint_condition(child, selections, diagnostics);
  bool is_and = condition.kind == CheckedExpr::Kind::and_;
  if (!is_and && condition.kind != CheckedExpr::Kind::or_) return;
  for (const CheckedExpr& positive : condition.children) {
    if (!is_selection(positive)) continue;
    for (const CheckedExpr& negative : condition.children) {
      if (!is_not_selection(negative) || negative.children.front().selection != positive.selection) continue;
      const std::string& name = selections.at(positive.selection).name;
      if (is_and)
        diagnostics.warning("W-ALWAYS-FALSE", condition.span,
                            fmt::format("`{0} and not {0}` never holds: the rule never fires", name));
      else
        diagnostics.warning("W-ALWAYS-TRUE", condition.span,
                            fmt::format("`{0} or not {0}` always holds: it does not filter anything", name));
      return;
    }
  }
}

}  // namespace sigil::dsl::check
