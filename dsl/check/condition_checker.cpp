#include "dsl/check/condition_checker.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>

#include "dsl/check/closest_name.hpp"
#include "dsl/check/glob.hpp"
#include "dsl/check/predicate_checker.hpp"

namespace sigil::dsl::check {
namespace {

using ExprKind = syntax::Expr::Kind;

class ConditionResolver {
 public:
  ConditionResolver(const std::vector<syntax::Selection>& selections, const FieldScope& scope, CheckContext& context,
                    std::vector<bool>& used)
      : selections_(selections), scope_(scope), context_(context), used_(used) {}

  // `in_macro`: inside a macro body, where the rule's selections are not visible.
  std::optional<CheckedExpr> resolve(const syntax::Expr& expr, bool in_macro) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_:
      case ExprKind::not_: return resolve_children(expr, in_macro);
      case ExprKind::ref: return resolve_ref(expr, in_macro);
      case ExprKind::of: return resolve_of(expr, in_macro);
      case ExprKind::field: return resolve_field_condition(expr);
    }
    return std::nullopt;
  }

 private:
  std::optional<CheckedExpr> resolve_children(const syntax::Expr& expr, bool in_macro) {
    CheckedExpr out;
    out.kind = expr.kind == ExprKind::and_ ? CheckedExpr::Kind::and_
               : expr.kind == ExprKind::or_ ? CheckedExpr::Kind::or_
                                            : CheckedExpr::Kind::not_;
    out.span = expr.span;
    bool ok = true;
    for (const syntax::Expr& child : expr.children) {
      auto checked = resolve(child, in_macro);  // every child, so that every error is reported
      if (checked) out.children.push_back(std::move(*checked));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<std::size_t> find_selection(std::string_view name) const {
    for (std::size_t i = 0; i < selections_.size(); ++i)
      if (selections_[i].name.name == name) return i;
    return std::nullopt;
  }

  CheckedExpr selection_leaf(std::size_t index, SourceSpan span) {
    used_[index] = true;
    CheckedExpr leaf;
    leaf.kind = CheckedExpr::Kind::selection;
    leaf.selection = index;
    leaf.span = span;
    return leaf;
  }

  std::optional<CheckedExpr> resolve_ref(const syntax::Expr& expr, bool in_macro) {
    const std::string& name = expr.ref.name;
    if (!in_macro)
      if (auto index = find_selection(name)) return selection_leaf(*index, expr.span);
    auto macro = context_.collection.macros.find(name);
    if (macro == context_.collection.macros.end()) {
      report_undefined(expr.ref, in_macro);
      return std::nullopt;
    }
    context_.usage.macros.insert(name);
    for (std::size_t i = 0; i < expanding_.size(); ++i)
      if (expanding_[i] == name) {
        report_cycle(expr.ref, i);
        return std::nullopt;
      }
    expanding_.push_back(name);
    auto body = resolve(macro->second.body, /*in_macro=*/true);
    expanding_.pop_back();
    return body;
  }

  void report_undefined(const syntax::Ident& ref, bool in_macro) {
    auto& d = context_.diagnostics.error(
        "E-UNDEFINED-SELECTION", ref.span,
        in_macro ? fmt::format("`{}` is not a macro (a macro cannot name a rule's selections)", ref.name)
                 : fmt::format("`{}` is not a selection, filter or macro", ref.name));
    std::vector<std::string_view> names;
    if (!in_macro)
      for (const syntax::Selection& selection : selections_) names.push_back(selection.name.name);
    for (const auto& [macro_name, macro] : context_.collection.macros) names.push_back(macro_name);
    if (auto near = closest_name(ref.name, names)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
  }

  void report_cycle(const syntax::Ident& ref, std::size_t cycle_start) {
    std::string path;
    for (std::size_t i = cycle_start; i < expanding_.size(); ++i) path += expanding_[i] + " -> ";
    path += ref.name;
    auto& d = context_.diagnostics.error("E-MACRO-CYCLE", ref.span,
                                         fmt::format("macro `{}` expands to itself: {}", ref.name, path));
    d.related.push_back({context_.collection.macros.at(ref.name).defined_at, "defined here"});
    d.hints.push_back("a macro cannot use itself, directly or through other macros");
  }

  std::optional<CheckedExpr> resolve_of(const syntax::Expr& expr, bool in_macro) {
    const std::string& pattern = expr.ref.name;
    std::vector<std::size_t> matches;
    if (!in_macro)
      for (std::size_t i = 0; i < selections_.size(); ++i) {
        bool match = pattern == "them" ? !selections_[i].is_filter : glob_match(pattern, selections_[i].name.name);
        if (match) matches.push_back(i);
      }
    if (matches.empty()) {
      auto& d = context_.diagnostics.error(
          "E-EMPTY-OF", expr.ref.span,
          pattern == "them" ? std::string("`them` names no selection: this rule has none (filters are not counted)")
                            : fmt::format("`{}` matches no selection or filter", pattern));
      d.hints.push_back(in_macro ? "`of` inside a macro cannot see a rule's selections"
                                 : "`*` matches any run of characters, `?` one character");
      return std::nullopt;
    }
    if (matches.size() == 1) return selection_leaf(matches.front(), expr.span);
    CheckedExpr out;
    out.kind = expr.of_all ? CheckedExpr::Kind::and_ : CheckedExpr::Kind::or_;
    out.span = expr.span;
    for (std::size_t index : matches) out.children.push_back(selection_leaf(index, expr.ref.span));
    return out;
  }

  std::optional<CheckedExpr> resolve_field_condition(const syntax::Expr& expr) {
    if (!expr.field) return std::nullopt;
    auto predicate = check_predicate(*expr.field, scope_, context_);
    if (!predicate) return std::nullopt;
    CheckedExpr leaf;
    leaf.kind = CheckedExpr::Kind::predicate;
    leaf.predicate = std::make_shared<const CheckedPredicate>(std::move(*predicate));
    leaf.span = expr.span;
    return leaf;
  }

  const std::vector<syntax::Selection>& selections_;
  const FieldScope& scope_;
  CheckContext& context_;
  std::vector<bool>& used_;
  std::vector<std::string> expanding_;  // macros being expanded, outermost first
};

}  // namespace

std::optional<CheckedExpr> check_condition(const syntax::Expr& condition,
                                           const std::vector<syntax::Selection>& selections, const FieldScope& scope,
                                           CheckContext& context, std::vector<bool>& used) {
  ConditionResolver resolver(selections, scope, context, used);
  return resolver.resolve(condition, /*in_macro=*/false);
}

}  // namespace sigil::dsl::check
