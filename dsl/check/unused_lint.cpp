#include "dsl/check/unused_lint.hpp"

#include <fmt/format.h>

namespace sigil::dsl::check {
namespace {

void lists_named_in(const syntax::ValueExpr& value, std::set<std::string, std::less<>>& out) {
  if (value.kind == syntax::ValueExpr::Kind::list_ref) out.insert(value.text);
  for (const syntax::ValueExpr& item : value.items) lists_named_in(item, out);
}

void lists_named_in(const syntax::Expr& expr, std::set<std::string, std::less<>>& out) {
  if (expr.field)
    for (const syntax::ValueExpr& value : expr.field->values) lists_named_in(value, out);
  for (const syntax::Expr& child : expr.children) lists_named_in(child, out);
}

}  // namespace

void report_unused_definitions(const Collection& collection, const Usage& usage, Diagnostics& diagnostics) {
  std::set<std::string, std::less<>> used_lists = usage.lists;
  for (const auto& [name, macro] : collection.macros) lists_named_in(macro.body, used_lists);
  // Lists named by other lists count as used too.
  for (const auto& [name, list] : collection.lists)
    for (const syntax::ValueExpr& item : list.items) lists_named_in(item, used_lists);

  for (const auto& [name, list] : collection.lists)
    if (!used_lists.contains(name))
      diagnostics.warning("W-UNUSED-LIST", list.defined_at, fmt::format("list `{}` is used by no rule or macro", name))
          .hints.push_back(fmt::format("use it as `${}`, or remove it", name));
  for (const auto& [name, macro] : collection.macros)
    if (!usage.macros.contains(name))
      diagnostics.warning("W-UNUSED-MACRO", macro.defined_at, fmt::format("macro `{}` is used by no rule", name))
          .hints.push_back("use it in a rule's `condition`, or remove it");
}

}  // namespace sigil::dsl::check
