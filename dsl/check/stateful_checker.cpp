#include "dsl/check/stateful_checker.hpp"

#include <fmt/format.h>

#include "dsl/check/aggregate_checker.hpp"
#include "dsl/check/duration.hpp"
#include "dsl/check/sequence_checker.hpp"
#include "dsl/check/state_keys.hpp"
#include "dsl/check/vocabulary.hpp"

namespace sigil::dsl::check {
namespace {

struct StateStatement {
  std::string_view word;
  SourceSpan span;
};

SourceSpan keyword_span(SourceSpan statement, std::size_t length) {
  statement.length = static_cast<std::uint32_t>(length);
  return statement;
}

void check_conflicts(const syntax::Rule& rule, Diagnostics& diagnostics) {
  std::vector<StateStatement> present;
  if (rule.window) present.push_back({"window", keyword_span(rule.window->span, 6)});
  if (rule.new_terms) present.push_back({"new", keyword_span(rule.new_terms->span, 3)});
  if (rule.sequence) present.push_back({"sequence", keyword_span(rule.sequence->span, 8)});
  for (std::size_t i = 1; i < present.size(); ++i) {
    auto& d = diagnostics.error("E-CONFLICTING-STATE", present[i].span,
                                fmt::format("a rule has one kind of state: `{}` cannot be combined with `{}`",
                                            present[i].word, present[0].word));
    d.related.push_back({present[0].span, fmt::format("`{}` here", present[0].word)});
    d.hints.push_back("write two rules");
  }
}

void check_window_parts(const syntax::Rule& rule, Diagnostics& diagnostics) {
  if (!rule.window) {
    if (!rule.aggregates.empty())
      diagnostics.error("E-AGGREGATE-WITHOUT-WINDOW", rule.aggregate_span, "`aggregate` needs a `window` to aggregate over")
          .hints.push_back("add `window 5m [by FIELD]`");
    if (rule.having)
      diagnostics.error("E-HAVING-WITHOUT-WINDOW", rule.having->span,
                        "`having` needs a `window` and its `aggregate`s")
          .hints.push_back("add `window 5m [by FIELD]` and `aggregate n = count()`; a per-event test goes in `condition`");
    if (rule.baseline_warmup)
      diagnostics.error("E-AGGREGATE-WITHOUT-WINDOW", rule.baseline_warmup->span,
                        "`baseline warmup` counts windows: the rule has no `window`")
          .hints.push_back("remove it, or add a `window`, `aggregate` and a `having` that uses baseline()");
    return;
  }
  if (!rule.having) {
    diagnostics.error("E-WINDOW-WITHOUT-HAVING", keyword_span(rule.window->span, 6),
                      "the window has no `having`: nothing says when the rule fires")
        .hints.push_back("add `aggregate n = count()` and `having n > 10`");
  }
}

std::optional<CheckedWindow> check_window(const syntax::WindowStmt& window, const FieldScope& scope,
                                          Diagnostics& diagnostics) {
  CheckedWindow out;
  out.tumbling = window.tumbling;
  out.span = window.span;
  auto length = check_duration(window.length, diagnostics);
  auto keys = resolve_keys(window.keys, scope, diagnostics);
  if (!length || !check_state_span(*length, window.length, "a window", diagnostics) || !keys) return std::nullopt;
  out.length = *length;
  out.keys = std::move(*keys);
  return out;
}

std::optional<CheckedNewTerms> check_new_terms(const syntax::NewTermsStmt& written, const FieldScope& scope,
                                               Diagnostics& diagnostics) {
  CheckedNewTerms out;
  out.span = written.span;
  auto field = resolve_field(written.field.name, written.field.span, scope, "E-UNKNOWN-FIELD", diagnostics);
  if (field && !(value_types(*field) & (kJsonBoolean | kJsonInteger | kJsonNumber | kJsonString))) {
    diagnostics.error("E-TYPE-MISMATCH", written.field.span,
                      fmt::format("`{}` is an object: `new` remembers single values", written.field.name))
        .hints.push_back(fmt::format("name a field below it, e.g. `{}.id`", written.field.name));
    field.reset();
  }
  auto keys = resolve_keys(written.keys, scope, diagnostics);
  const auto horizon = check_duration(written.horizon, diagnostics);
  const bool horizon_ok =
      horizon.has_value() && check_state_span(*horizon, written.horizon, "the history of `new`", diagnostics);
  if (!field || !keys || !horizon_ok) return std::nullopt;
  out.horizon = horizon.value_or(0);
  out.field = std::move(*field);
  out.keys = std::move(*keys);
  return out;
}

std::optional<CheckedSuppress> check_suppress(const syntax::SuppressStmt& written, const FieldScope& scope,
                                              Diagnostics& diagnostics) {
  auto length = check_duration(written.length, diagnostics);
  if (length && !check_state_span(*length, written.length, "`suppress`", diagnostics)) length.reset();
  auto keys = resolve_keys(written.keys, scope, diagnostics);
  if (!length || !keys) return std::nullopt;
  return CheckedSuppress{*length, std::move(*keys), written.span};
}

// A sequence rule reads the kinds of its steps; its conditions are the steps' `where`.
void check_sequence_rule(const syntax::Rule& rule, const CheckedSequence& sequence, CheckedRule& out,
                         Diagnostics& diagnostics) {
  const KindMask kinds = sequence_kinds(sequence);
  if (rule.kinds.empty()) {
    out.kinds = kinds;
  } else if (out.kinds != 0) {
    auto check = [&](const CheckedStep& step) {
      if (step.kinds & out.kinds) return;
      diagnostics
          .error("E-KIND-NOT-IN-ON", step.span,
                 fmt::format("step `{}` reads {} events, which the rule's `on` leaves out", step.name, kind_names(step.kinds)))
          .hints.push_back("add the kind to `on`, or remove `on`: a sequence reads the kinds of its steps");
    };
    for (const CheckedStep& step : sequence.steps) check(step);
    if (sequence.until) check(*sequence.until);
  }
  out.condition = CheckedExpr{};
  out.condition.kind = CheckedExpr::Kind::and_;
  out.condition.span = sequence.span;
}

void report_condition_in_sequence(const syntax::Rule& rule, Diagnostics& diagnostics) {
  SourceSpan at;
  if (rule.condition) at = rule.condition->span;
  else if (!rule.selections.empty()) at = rule.selections.front().name.span;
  else return;
  diagnostics.error("E-CONDITION-IN-SEQUENCE", at,
                    "a sequence rule has no `condition`, `selection` or `filter`: each step has its own `where`")
      .hints.push_back("move the conditions into the steps' `where`; name a shared one with `macro`");
}

}  // namespace

void check_stateful(const syntax::Rule& rule, const FieldScope& scope, CheckContext& context, CheckedRule& out) {
  const bool any = rule.window || !rule.aggregates.empty() || rule.having || rule.baseline_warmup || rule.new_terms ||
                   rule.sequence || rule.suppress;
  if (!any) return;
  Diagnostics& diagnostics = context.diagnostics;
  auto state = std::make_shared<CheckedStateful>();
  check_conflicts(rule, diagnostics);
  check_window_parts(rule, diagnostics);
  if (rule.window) {
    state->window = check_window(*rule.window, scope, diagnostics);
    if (auto aggregates = check_aggregates(rule.aggregates, scope, diagnostics)) state->aggregates = std::move(*aggregates);
    if (rule.having && state->window)
      state->having = check_having(*rule.having, rule.aggregates, state->window->length, diagnostics);
    if (rule.baseline_warmup) state->baseline_warmup = static_cast<std::uint32_t>(rule.baseline_warmup->windows);
  }
  if (rule.new_terms) state->new_terms = check_new_terms(*rule.new_terms, scope, diagnostics);
  if (rule.sequence) {
    report_condition_in_sequence(rule, diagnostics);
    state->sequence = check_sequence(*rule.sequence, scope.extra_fields, context);
    if (state->sequence) check_sequence_rule(rule, *state->sequence, out, diagnostics);
  }
  if (rule.suppress) state->suppress = check_suppress(*rule.suppress, scope, diagnostics);
  out.stateful = std::move(state);
}

}  // namespace sigil::dsl::check
