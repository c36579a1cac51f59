#include "dsl/check/value_expander.hpp"

#include <fmt/format.h>

#include <vector>

#include "dsl/check/closest_name.hpp"

namespace sigil::dsl::check {
namespace {

using ValueKind = syntax::ValueExpr::Kind;

// Lists may name other lists; the depth bound stops a list that (indirectly) names itself.
constexpr int kMaxListDepth = 8;

void report_undefined_list(const syntax::ValueExpr& ref, CheckContext& context) {
  auto& d = context.diagnostics.error("E-UNDEFINED-LIST", ref.span, fmt::format("list `${}` is not defined", ref.text));
  std::vector<std::string_view> names;
  for (const auto& [name, list] : context.collection.lists) names.push_back(name);
  if (auto near = closest_name(ref.text, names)) d.hints.push_back(fmt::format("did you mean `${}`?", *near));
}

void expand(const syntax::ValueExpr& value, SourceSpan span, int depth, CheckContext& context,
            std::vector<CheckedValue>& out) {
  CheckedValue checked;
  checked.span = span;
  switch (value.kind) {
    case ValueKind::string:
      checked.type = CheckedValue::Type::string;
      checked.text = value.text;
      break;
    case ValueKind::number:
      checked.type = value.is_integer ? CheckedValue::Type::integer : CheckedValue::Type::number;
      checked.integer = value.integer;
      checked.number = value.is_integer ? static_cast<double>(value.integer) : value.number;
      checked.text = value.text;
      break;
    case ValueKind::boolean:
      checked.type = CheckedValue::Type::boolean;
      checked.boolean = value.boolean;
      break;
    case ValueKind::null:
      checked.type = CheckedValue::Type::null;
      break;
    case ValueKind::list:
      for (const syntax::ValueExpr& item : value.items) expand(item, item.span, depth, context, out);
      return;
    case ValueKind::list_ref: {
      auto it = context.collection.lists.find(value.text);
      if (it == context.collection.lists.end()) {
        report_undefined_list(value, context);
        return;
      }
      context.usage.lists.insert(value.text);
      if (depth >= kMaxListDepth) {
        context.diagnostics.error("E-UNDEFINED-LIST", value.span,
                                  fmt::format("list `${}` refers to itself through other lists", value.text));
        return;
      }
      // Items of a list keep the span of the reference: that is where the rule used them.
      for (const syntax::ValueExpr& item : it->second.items) expand(item, span, depth + 1, context, out);
      return;
    }
    case ValueKind::field_ref:
      return;  // not a constant; see predicate_checker
    case ValueKind::binding:
      // A sequence step's `where` takes its bound tests out before checking (stateful_checker);
      // anywhere else `@name` names nothing.
      context.diagnostics
          .error("E-UNDEFINED-BINDING", value.span,
                 fmt::format("`@{}` is a value bound by a sequence step: it can only be used in a later step's `where`",
                             value.text))
          .hints.push_back("bind it in an earlier step: `bind " + value.text + " = FIELD`");
      return;
  }
  out.push_back(std::move(checked));
}

}  // namespace

std::vector<CheckedValue> expand_values(const std::vector<syntax::ValueExpr>& values, CheckContext& context) {
  std::vector<CheckedValue> out;
  for (const syntax::ValueExpr& value : values) expand(value, value.span, 0, context, out);
  return out;
}

}  // namespace sigil::dsl::check
