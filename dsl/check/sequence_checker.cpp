#include "dsl/check/sequence_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "dsl/check/closest_name.hpp"
#include "dsl/check/condition_checker.hpp"
#include "dsl/check/duration.hpp"
#include "dsl/check/sequence_cost.hpp"
#include "dsl/check/state_keys.hpp"

namespace sigil::dsl::check {
namespace {

using ExprKind = syntax::Expr::Kind;

constexpr std::uint64_t kMaxRepeat = 10000;

bool has_binding(const syntax::FieldCondition& condition) {
  for (const syntax::ValueExpr& value : condition.values)
    if (value.kind == syntax::ValueExpr::Kind::binding) return true;
  return false;
}

// The first `@name` anywhere below `expr`, for the "inside or/not" report.
const syntax::ValueExpr* find_binding(const syntax::Expr& expr) {
  if (expr.kind == ExprKind::field && expr.field)
    for (const syntax::ValueExpr& value : expr.field->values)
      if (value.kind == syntax::ValueExpr::Kind::binding) return &value;
  for (const syntax::Expr& child : expr.children)
    if (const syntax::ValueExpr* found = find_binding(child)) return found;
  return nullptr;
}

class SequenceChecker {
 public:
  SequenceChecker(const std::vector<std::string_view>& extra_fields, CheckContext& context)
      : extra_fields_(extra_fields), context_(context), diagnostics_(context.diagnostics) {}

  std::optional<CheckedSequence> check(const syntax::SequenceStmt& written) {
    std::size_t errors_before = diagnostics_.error_count();
    CheckedSequence out;
    out.span = written.span;
    if (auto within = check_duration(written.within, diagnostics_)) {
      check_state_span(*within, written.within, "`within`", diagnostics_);
      out.within = *within;
    }
    check_shape(written);
    std::map<std::string_view, const syntax::StepDecl*> names;
    for (const syntax::StepDecl& step : written.steps) {
      auto [it, inserted] = names.emplace(step.name.name, &step);
      if (!inserted)
        diagnostics_.error("E-DUPLICATE-STEP", step.name.span, fmt::format("step `{}` is defined twice", step.name.name))
            .related.push_back({it->second->name.span, "first defined here"});
      if (auto checked = check_step(step, written, out)) out.steps.push_back(std::move(*checked));
    }
    if (written.until)
      if (auto checked = check_step(*written.until, written, out)) out.until = std::move(*checked);
    // The sequence's keys, against the union of the kinds (each step's kind was checked above).
    FieldScope all{sequence_kinds(out), extra_fields_};
    if (all.kinds == 0) all.kinds = kAllKinds;
    Diagnostics quiet;  // problems with keys were reported per step
    if (auto keys = resolve_keys(written.keys, all, quiet)) out.keys = std::move(*keys);
    if (diagnostics_.error_count() == errors_before) check_sequence_cost(out, written, diagnostics_);
    if (diagnostics_.error_count() != errors_before) return std::nullopt;
    return out;
  }

 private:
  void check_shape(const syntax::SequenceStmt& written) {
    if (written.steps.size() > kMaxSteps) {
      diagnostics_
          .error("E-STATE-TOO-LARGE", written.steps[kMaxSteps].name.span,
                 fmt::format("the sequence has {} steps; the limit is {}: every step keeps pending state per key, "
                             "and state must be bounded",
                             written.steps.size(), kMaxSteps))
          .hints.push_back("split it into two rules, or merge steps with `or` in their `where`");
    }
    bool any_present = false;
    for (const syntax::StepDecl& step : written.steps) any_present = any_present || !step.absent;
    if (!any_present) {
      auto& d = diagnostics_.error("E-ABSENT-ONLY", written.span,
                                   "the sequence has no present step: absence must be measured from an event");
      d.span.length = 8;  // `sequence`
      d.hints.push_back("add a step without `!` that starts the span, e.g. `call: agent_action where ...`");
    }
    const bool some_keyed = std::any_of(written.steps.begin(), written.steps.end(), [](const auto& s) { return s.key.has_value(); });
    if (some_keyed && written.keys.size() > 1) {
      diagnostics_
          .error("E-BAD-STEP", written.keys[1].span,
                 "a step's `by` replaces the sequence's key, so the sequence may have only one key")
          .hints.push_back("key the sequence by one field, and each step by its own field for it");
    }
    if (some_keyed && written.keys.empty())
      for (const syntax::StepDecl& step : written.steps)
        if (!step.key && !step.absent)
          diagnostics_
              .error("E-BAD-STEP", step.name.span,
                     fmt::format("step `{}` has no key to join on: other steps have `by`, and the sequence has none",
                                 step.name.name))
              .hints.push_back("give it `by FIELD`, or key the whole sequence: `sequence by FIELD within ...`");
  }

  std::optional<CheckedStep> check_step(const syntax::StepDecl& step, const syntax::SequenceStmt& written,
                                        CheckedSequence& sequence) {
    std::size_t errors_before = diagnostics_.error_count();
    const bool is_until = written.until && &step == &*written.until;
    CheckedStep out;
    out.name = step.name.name;
    out.absent = step.absent;
    out.span = step.span;
    auto kind = parse_kind(step.kind.name);
    if (!kind) {
      auto& d = diagnostics_.error("E-UNKNOWN-KIND", step.kind.span, fmt::format("unknown event kind `{}`", step.kind.name));
      if (auto near = closest_name(step.kind.name, kKindNames)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
      return std::nullopt;
    }
    out.kinds = kind_bit(*kind);
    FieldScope scope{out.kinds, extra_fields_};
    check_repeat(step, out);
    if (step.key) {
      if (auto key = resolve_key(*step.key, scope, diagnostics_)) out.key = std::move(*key);
    } else {
      for (const syntax::Ident& key : written.keys) resolve_key(key, scope, diagnostics_);
    }
    if (step.where) check_where(*step.where, scope, is_until, sequence, out);
    if (!step.binds.empty() && (step.absent || is_until)) {
      diagnostics_
          .error("E-BAD-STEP", step.binds.front().span,
                 is_until ? std::string("`until` cannot bind values: it ends the sequence")
                          : fmt::format("absent step `{}` cannot bind values: it matches no event", step.name.name))
          .hints.push_back("bind in a present step");
    } else {
      check_binds(step, scope, sequence, out);
    }
    if (diagnostics_.error_count() != errors_before) return std::nullopt;
    return out;
  }

  void check_repeat(const syntax::StepDecl& step, CheckedStep& out) {
    if (!step.repeat) return;
    const syntax::RepeatSpec& repeat = *step.repeat;
    auto bad = [&](std::string message, std::string hint) {
      diagnostics_.error("E-BAD-REPEAT", repeat.span, std::move(message)).hints.push_back(std::move(hint));
    };
    if (step.absent) return bad(fmt::format("absent step `{}` cannot repeat", step.name.name),
                                "an absent step fails the sequence at its first matching event; remove the count");
    if (repeat.min == 0) return bad("a step must match at least once: the count cannot be 0",
                                    "to say that an event must not occur, write an absent step `!name: ...`");
    if (!repeat.unbounded && repeat.max < repeat.min)
      return bad(fmt::format("`[{}..{}]` is an empty range: the upper count is below the lower", repeat.min, repeat.max),
                 "write the lower count first");
    if (repeat.min > kMaxRepeat || (!repeat.unbounded && repeat.max > kMaxRepeat))
      return bad(fmt::format("the count is over the limit of {}", kMaxRepeat),
                 "a step keeps its matches while it repeats; state must be bounded");
    out.min_repeat = static_cast<std::uint32_t>(repeat.min);
    out.max_repeat = repeat.unbounded ? 0 : static_cast<std::uint32_t>(repeat.max);
  }

  // Splits the top-level AND of `where` into bound tests and the rest, then checks the rest
  // like a rule condition (macros and inline conditions; a step has no selections).
  void check_where(const syntax::Expr& where, const FieldScope& scope, bool is_until, const CheckedSequence& sequence,
                   CheckedStep& out) {
    std::vector<const syntax::Expr*> rest;
    collect(where, scope, is_until, sequence, out, rest);
    if (rest.empty()) {
      out.condition.kind = CheckedExpr::Kind::and_;
      out.condition.span = where.span;
      return;
    }
    syntax::Expr remaining;
    if (rest.size() == 1) {
      remaining = *rest.front();
    } else {
      remaining.kind = ExprKind::and_;
      remaining.span = where.span;
      for (const syntax::Expr* part : rest) remaining.children.push_back(*part);
    }
    std::vector<syntax::Selection> no_selections;
    std::vector<bool> used;
    if (auto condition = check_condition(remaining, no_selections, scope, context_, used))
      out.condition = std::move(*condition);
  }

  void collect(const syntax::Expr& expr, const FieldScope& scope, bool is_until, const CheckedSequence& sequence,
               CheckedStep& out, std::vector<const syntax::Expr*>& rest) {
    if (expr.kind == ExprKind::and_) {
      for (const syntax::Expr& child : expr.children) collect(child, scope, is_until, sequence, out, rest);
      return;
    }
    if (expr.kind == ExprKind::field && expr.field && has_binding(*expr.field)) {
      if (auto test = bound_test(*expr.field, scope, is_until, sequence)) out.bound_tests.push_back(std::move(*test));
      return;
    }
    if (const syntax::ValueExpr* nested = find_binding(expr)) {
      diagnostics_
          .error("E-BAD-BOUND-TEST", nested->span,
                 fmt::format("`@{}` is inside `{}`: a test of a bound value must be ANDed with the rest of the step's "
                             "`where`",
                             nested->text, expr.kind == ExprKind::or_ ? "or" : "not"))
          .hints.push_back("write it at the top level: `where A and field == @name`; split alternatives into steps");
      return;
    }
    rest.push_back(&expr);
  }

  std::optional<CheckedBoundTest> bound_test(const syntax::FieldCondition& condition, const FieldScope& scope,
                                             bool is_until, const CheckedSequence& sequence) {
    using syntax::Op;
    const syntax::ValueExpr& value = condition.values.front();
    auto bad = [&](SourceSpan span, std::string message, std::string hint) {
      diagnostics_.error("E-BAD-BOUND-TEST", span, std::move(message)).hints.push_back(std::move(hint));
      return std::nullopt;
    };
    if (is_until)
      return bad(value.span, "`until` cannot test bound values: it cancels every pending instance of its key",
                 "test constants in `until`, or make the test a step");
    const Op op = condition.op;
    if (!(op == Op::eq || op == Op::ne || op == Op::contains || op == Op::startswith || op == Op::endswith))
      return bad(condition.op_span, "a bound value can be tested with ==, !=, contains, startswith or endswith only",
                 "compare the bound value with one of those operators");
    if (condition.values.size() != 1 || value.kind != syntax::ValueExpr::Kind::binding ||
        condition.quantifier != syntax::Quantifier::none)
      return bad(value.span, "a bound value is tested alone, not in a list", "write one test per bound value");
    if (condition.modifiers.base64 || condition.modifiers.base64offset)
      return bad(condition.modifiers.span, "`base64` cannot be used with a bound value", "remove the modifier");
    auto field = resolve_field(condition.field.name, condition.field.span, scope, "E-UNKNOWN-FIELD", diagnostics_);
    auto binding = find_binding_index(value, sequence);
    if (!field || !binding) return std::nullopt;
    const FieldRef& bound = sequence.bindings[*binding].field;
    const bool string_op = op == Op::contains || op == Op::startswith || op == Op::endswith;
    if (string_op && !(value_types(*field) & kJsonString)) {
      diagnostics_.error("E-TYPE-MISMATCH", condition.op_span,
                         fmt::format("`{}` needs a string field, but `{}` is not a string", op == Op::contains ? "contains"
                                     : op == Op::startswith ? "startswith" : "endswith", field->path));
      return std::nullopt;
    }
    if (!string_op && !(value_types(*field) & value_types(bound))) {
      diagnostics_.error("E-TYPE-MISMATCH", value.span,
                         fmt::format("`{}` and the bound `@{}` (`{}`) have no type in common: they never compare equal",
                                     field->path, value.text, bound.path));
      return std::nullopt;
    }
    CheckedBoundTest out;
    out.field = std::move(*field);
    out.op = op;
    out.negated = condition.negated;
    out.cased = condition.modifiers.cased;
    out.binding = *binding;
    out.span = condition.span;
    return out;
  }

  std::optional<std::size_t> find_binding_index(const syntax::ValueExpr& value, const CheckedSequence& sequence) {
    for (std::size_t i = 0; i < sequence.bindings.size(); ++i)
      if (sequence.bindings[i].name == value.text) return i;
    auto& d = diagnostics_.error("E-UNDEFINED-BINDING", value.span,
                                 fmt::format("`@{}` is not bound by an earlier step", value.text));
    std::vector<std::string_view> names;
    for (const CheckedBinding& binding : sequence.bindings) names.push_back(binding.name);
    if (auto near = closest_name(value.text, names)) d.hints.push_back(fmt::format("did you mean `@{}`?", *near));
    else d.hints.push_back(fmt::format("bind it in an earlier step: `... bind {} = FIELD`", value.text));
    return std::nullopt;
  }

  void check_binds(const syntax::StepDecl& step, const FieldScope& scope, CheckedSequence& sequence,
                   CheckedStep& out) {
    for (const syntax::BindingDef& bind : step.binds) {
      for (const CheckedBinding& earlier : sequence.bindings)
        if (earlier.name == bind.name.name) {
          diagnostics_.error("E-DUPLICATE-BINDING", bind.name.span, fmt::format("`{}` is bound twice", bind.name.name))
              .related.push_back({earlier.span, "first bound here"});
          return;
        }
      auto field = resolve_field(bind.field.name, bind.field.span, scope, "E-UNKNOWN-FIELD", diagnostics_);
      if (!field) continue;
      out.binds.push_back(sequence.bindings.size());
      sequence.bindings.push_back(CheckedBinding{bind.name.name, std::move(*field), bind.span});
    }
  }

  const std::vector<std::string_view>& extra_fields_;
  CheckContext& context_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<CheckedSequence> check_sequence(const syntax::SequenceStmt& written,
                                              const std::vector<std::string_view>& extra_fields,
                                              CheckContext& context) {
  SequenceChecker checker(extra_fields, context);
  return checker.check(written);
}

KindMask sequence_kinds(const CheckedSequence& sequence) {
  KindMask kinds = 0;
  for (const CheckedStep& step : sequence.steps) kinds |= step.kinds;
  if (sequence.until) kinds |= sequence.until->kinds;
  return kinds;
}

}  // namespace sigil::dsl::check
