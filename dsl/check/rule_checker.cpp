#include "dsl/check/rule_checker.hpp"

#include <fmt/format.h>

#include <map>

#include "dsl/check/condition_checker.hpp"
#include "dsl/check/contradiction_lint.hpp"
#include "dsl/check/metadata_checker.hpp"
#include "dsl/check/output_template.hpp"
#include "dsl/check/predicate_checker.hpp"
#include "dsl/check/stateful_checker.hpp"

namespace sigil::dsl::check {
namespace {

using Alternatives = std::vector<std::vector<CheckedPredicate>>;

Alternatives check_alternatives(const std::vector<std::vector<syntax::FieldCondition>>& written,
                                const FieldScope& scope, CheckContext& context) {
  Alternatives out;
  for (const auto& and_list : written) {
    std::vector<CheckedPredicate> checked;
    for (const syntax::FieldCondition& condition : and_list)
      if (auto predicate = check_predicate(condition, scope, context)) checked.push_back(std::move(*predicate));
    if (checked.size() == and_list.size()) lint_and_list(checked, context.diagnostics);
    out.push_back(std::move(checked));
  }
  return out;
}

void check_selection_names(const syntax::Rule& rule, Diagnostics& diagnostics) {
  std::map<std::string_view, const syntax::Selection*> seen;
  for (const syntax::Selection& selection : rule.selections) {
    auto [it, inserted] = seen.emplace(selection.name.name, &selection);
    if (inserted) continue;
    auto& d = diagnostics.error("E-DUPLICATE-SELECTION", selection.name.span,
                                fmt::format("rule `{}` already has a selection or filter named `{}`", rule.id.name,
                                            selection.name.name));
    d.related.push_back({it->second->name.span, "first defined here"});
  }
}

std::optional<CheckedExpr> default_condition(const syntax::Rule& rule, Diagnostics& diagnostics) {
  if (rule.selections.size() == 1 && !rule.selections.front().is_filter) {
    CheckedExpr only;
    only.kind = CheckedExpr::Kind::selection;
    only.selection = 0;
    only.span = rule.selections.front().name.span;
    return only;
  }
  std::string message, hint;
  if (rule.selections.empty()) {
    message = fmt::format("rule `{}` has no selection and no condition", rule.id.name);
    hint = "add a `selection NAME { ... }` block, or a `condition` line";
  } else if (rule.selections.size() == 1) {
    message = fmt::format("rule `{}` has only a filter and no condition", rule.id.name);
    hint = "a filter only excludes: add a selection and `condition SELECTION and not FILTER`";
  } else {
    message = fmt::format("rule `{}` has {} selections and filters but no condition", rule.id.name,
                          rule.selections.size());
    hint = "add a `condition` line, e.g. `condition 1 of them` or `condition a and not b`";
  }
  diagnostics.error("E-MISSING-CONDITION", rule.id.span, message).hints.push_back(hint);
  return std::nullopt;
}

// A sequence (its steps hold the conditions), or a window or new-terms rule with neither selection
// nor condition (every event of its kinds enters the state).
bool stateful_without_condition(const syntax::Rule& rule) {
  return rule.sequence ||
         ((rule.window || rule.new_terms || rule.having || !rule.aggregates.empty()) && rule.selections.empty());
}

// An empty and_: true.
CheckedExpr always_true(const syntax::Rule& rule) {
  CheckedExpr all;
  all.kind = CheckedExpr::Kind::and_;
  all.span = rule.id.span;
  return all;
}

void report_unused_selections(const syntax::Rule& rule, const std::vector<bool>& used, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < rule.selections.size(); ++i) {
    if (used[i]) continue;
    const syntax::Selection& selection = rule.selections[i];
    diagnostics
        .warning("W-UNUSED-SELECTION", selection.name.span,
                 fmt::format("{} `{}` is not used by the condition", selection.is_filter ? "filter" : "selection",
                             selection.name.name))
        .hints.push_back(selection.is_filter ? fmt::format("exclude it with `and not {}`", selection.name.name)
                                             : "use it in `condition`, or remove it");
  }
}

void check_exceptions(const CollectedRule& collected, const FieldScope& scope, CheckContext& context,
                      CheckedRule& out) {
  for (const syntax::ExceptionDecl* exception : collected.exceptions) {
    CheckedException checked;
    checked.name = exception->name ? exception->name->value : exception->rule_pattern.name;
    checked.span = exception->span;
    checked.alternatives = check_alternatives(exception->alternatives, scope, context);
    out.exceptions.push_back(std::move(checked));
  }
}

}  // namespace

std::optional<CheckedRule> check_rule(const CollectedRule& collected, CheckContext& context) {
  const syntax::Rule& rule = *collected.rule;
  Diagnostics& diagnostics = context.diagnostics;
  std::size_t errors_before = diagnostics.error_count();

  CheckedRule out;
  check_metadata(rule, out, diagnostics);
  FieldScope scope;
  // With no usable `on`, judge paths against every kind: only truly unknown paths are reported.
  scope.kinds = out.kinds != 0 ? out.kinds : kAllKinds;
  for (const syntax::Ident& extra : rule.extra_fields) scope.extra_fields.push_back(extra.name);

  check_selection_names(rule, diagnostics);
  for (const syntax::Selection& selection : rule.selections)
    out.selections.push_back({selection.name.name, selection.is_filter,
                              check_alternatives(selection.alternatives, scope, context), selection.span});

  std::vector<bool> used(rule.selections.size(), false);
  std::optional<CheckedExpr> condition = rule.condition ? check_condition(*rule.condition, rule.selections, scope, context, used)
                                         : stateful_without_condition(rule) ? always_true(rule)
                                                                            : default_condition(rule, diagnostics);
  if (condition) {
    if (!rule.condition && !rule.selections.empty()) used.front() = true;
    report_unused_selections(rule, used, diagnostics);
    lint_condition(*condition, out.selections, diagnostics);
    out.condition = std::move(*condition);
  }

  check_stateful(rule, scope, context, out);
  check_exceptions(collected, scope, context, out);
  if (rule.output)
    if (auto segments = parse_output_template(*rule.output, scope, context)) out.output = std::move(*segments);

  if (diagnostics.error_count() != errors_before) return std::nullopt;
  return out;
}

}  // namespace sigil::dsl::check
