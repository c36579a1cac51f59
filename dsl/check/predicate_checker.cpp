#include "dsl/check/predicate_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "dsl/check/literal_position.hpp"
#include "dsl/check/value_expander.hpp"
#include "dsl/check/vocabulary.hpp"
#include "engine/match/cidr.hpp"
#include "engine/match/regex_check.hpp"

namespace sigil::dsl::check {
namespace {

using syntax::Op;
using ValueType = CheckedValue::Type;

std::string_view op_text(Op op) {
  switch (op) {
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "in";
    case Op::between: return "between";
    case Op::contains: return "contains";
    case Op::startswith: return "startswith";
    case Op::endswith: return "endswith";
    case Op::re: return "re";
    case Op::cidr: return "cidr";
    case Op::exists: return "exists";
  }
  return "?";
}

bool is_numeric_op(Op op) { return op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge || op == Op::between; }
bool is_string_op(Op op) {
  return op == Op::contains || op == Op::startswith || op == Op::endswith || op == Op::re || op == Op::cidr;
}

// The JSON types a field may hold; every type for paths the contract does not type.
JsonTypeMask field_types(const FieldRef& field) {
  switch (field.kind) {
    case FieldRef::Kind::contract: return field.spec->types;
    case FieldRef::Kind::time_part: return kJsonInteger;
    case FieldRef::Kind::open_path:
    case FieldRef::Kind::extra: return 0x7f;
  }
  return 0;
}

std::string type_words(JsonTypeMask types) {
  if (types & kJsonNumber) return (types & kJsonString) ? "a number or string" : "a number";
  if (types & kJsonInteger) return (types & kJsonString) ? "an integer or string" : "an integer";
  if (types & kJsonString) return "a string";
  if (types & kJsonBoolean) return "a boolean";
  return "an object";
}

std::string number_text(const CheckedValue& value) {
  return value.type == ValueType::integer ? std::to_string(value.integer) : fmt::format("{}", value.number);
}

std::string describe(const CheckedValue& value) {
  switch (value.type) {
    case ValueType::string: return fmt::format("the string \"{}\"", value.text);
    case ValueType::integer: return "the integer " + number_text(value);
    case ValueType::number: return "the number " + number_text(value);
    case ValueType::boolean: return value.boolean ? "true" : "false";
    case ValueType::null: return "null";
  }
  return "?";
}

bool admits(JsonTypeMask types, const CheckedValue& value) {
  switch (value.type) {
    case ValueType::string: return types & kJsonString;
    case ValueType::integer: return types & (kJsonInteger | kJsonNumber);
    case ValueType::number: return types & kJsonNumber;
    case ValueType::boolean: return types & kJsonBoolean;
    case ValueType::null: return true;  // null matches an explicit JSON null, whatever the type
  }
  return false;
}

bool is_numeric(const CheckedValue& value) { return value.type == ValueType::integer || value.type == ValueType::number; }

// Weekday names become ISO day numbers, so the compiler sees integers only.
void convert_weekday_names(const FieldRef& field, std::vector<CheckedValue>& values, Diagnostics& diagnostics,
                           bool& ok) {
  if (field.kind != FieldRef::Kind::time_part || field.time_part != TimePart::weekday) return;
  // Unknown names are reported here and dropped, so the type check does not report them again.
  std::erase_if(values, [&](CheckedValue& value) {
    if (value.type != ValueType::string) return false;
    if (auto day = parse_weekday(value.text)) {
      value.type = ValueType::integer;
      value.integer = *day;
      value.number = *day;
      return false;
    }
    auto& d = diagnostics.error("E-BAD-TIME-PART", value.span, fmt::format("unknown weekday \"{}\"", value.text));
    d.hints.push_back("weekdays are monday .. sunday (or mon .. sun), or the numbers 1 (Monday) .. 7 (Sunday)");
    ok = false;
    return true;
  });
}

void check_time_part_range(const FieldRef& field, const std::vector<CheckedValue>& values, Diagnostics& diagnostics,
                           bool& ok) {
  if (field.kind != FieldRef::Kind::time_part) return;
  TimePartRange range = time_part_range(field.time_part);
  for (const CheckedValue& value : values) {
    if (!is_numeric(value) || (value.number >= range.low && value.number <= range.high)) continue;
    auto& d = diagnostics.error("E-BAD-TIME-PART", value.span,
                                fmt::format("{} is out of range for `{}`", number_text(value), field.path));
    d.hints.push_back(fmt::format("`{}` goes from {} to {}", field.path, range.low, range.high));
    ok = false;
  }
}

// The operator against the field's type, then each constant against both.
void check_types(const syntax::FieldCondition& condition, const FieldRef& field,
                 const std::vector<CheckedValue>& values, Diagnostics& diagnostics, bool& ok) {
  JsonTypeMask types = field_types(field);
  Op op = condition.op;
  bool numeric_op = is_numeric_op(op), string_op = is_string_op(op);
  if ((numeric_op && !(types & (kJsonInteger | kJsonNumber))) || (string_op && !(types & kJsonString))) {
    auto& d = diagnostics.error("E-TYPE-MISMATCH", condition.op_span,
                                fmt::format("`{}` needs a {} field, but `{}` is {}", op_text(op),
                                            numeric_op ? "numeric" : "string", field.path, type_words(types)));
    if (numeric_op) d.hints.push_back("compare strings with ==, in, contains, startswith, endswith or re");
    else d.hints.push_back("compare numbers with ==, <, <=, >, >=, in or between");
    ok = false;
    return;
  }
  for (const CheckedValue& value : values) {
    bool fits = numeric_op ? is_numeric(value) : string_op ? value.type == ValueType::string : admits(types, value);
    if (fits) continue;
    std::string expected = numeric_op ? "a number" : string_op ? "a string" : type_words(types);
    auto& d = diagnostics.error("E-TYPE-MISMATCH", value.span,
                                fmt::format("`{}` compares `{}` with {}, but it expects {}", op_text(op), field.path,
                                            describe(value), expected));
    if (value.type != ValueType::string && expected.find("string") != std::string::npos)
      d.hints.push_back("quote the value to compare it as a string");
    ok = false;
  }
}

void check_modifiers(const syntax::FieldCondition& condition, const FieldRef& field, Diagnostics& diagnostics,
                     bool& ok) {
  const syntax::Modifiers& m = condition.modifiers;
  Op op = condition.op;
  bool string_matching = is_string_op(op) || op == Op::eq || op == Op::ne || op == Op::in;
  auto bad = [&](std::string message, std::string hint) {
    auto& d = diagnostics.error("E-BAD-MODIFIER", m.span, std::move(message));
    d.hints.push_back(std::move(hint));
    ok = false;
  };
  if (m.cased && (!string_matching || !(field_types(field) & kJsonString) || op == Op::cidr))
    bad(fmt::format("`cased` has no meaning for `{}` on `{}`", op_text(op), field.path),
        "`cased` applies to string matching only; remove it");
  if (m.base64 && m.base64offset)
    bad("`base64` and `base64offset` exclude each other", "`base64offset` already covers the plain encoding");
  else if (m.base64offset && op != Op::contains)
    bad(fmt::format("`base64offset` works with `contains` only, not with `{}`", op_text(op)),
        "the offset encodings only match inside a longer base64 text");
  else if (m.base64 && (!string_matching || op == Op::re || op == Op::cidr))
    bad(fmt::format("`base64` works with ==, !=, in, contains, startswith and endswith, not with `{}`", op_text(op)),
        "remove `base64`, or change the operator");
}

void check_patterns(Op op, bool cased, const std::vector<CheckedValue>& values, CheckContext& context, bool& ok) {
  for (const CheckedValue& value : values) {
    if (value.type != ValueType::string) continue;
    if (op == Op::re) {
      if (auto problem = match::check_regex(value.text, cased)) {
        SourceSpan span = problem->offset ? span_inside_literal(context.files, value.span, value.text,
                                                                *problem->offset, 1)
                                          : value.span;
        context.diagnostics.error("E-BAD-REGEX", span, fmt::format("invalid regular expression: {}", problem->message))
            .hints.push_back("patterns use RE2 syntax: https://github.com/google/re2/wiki/Syntax");
        ok = false;
      }
    } else if (op == Op::cidr) {
      auto parsed = match::parse_cidr(value.text);
      if (const std::string* problem = std::get_if<std::string>(&parsed)) {
        context.diagnostics.error("E-BAD-CIDR", value.span, *problem)
            .hints.push_back("write a network address with a prefix length, e.g. \"10.0.0.0/8\" or \"2001:db8::/32\"");
        ok = false;
      }
    }
  }
}

void check_between_order(const syntax::FieldCondition& condition, const std::vector<CheckedValue>& values,
                         Diagnostics& diagnostics) {
  if (condition.op != Op::between || values.size() != 2 || !is_numeric(values[0]) || !is_numeric(values[1])) return;
  if (values[0].number <= values[1].number) return;
  auto& d = diagnostics.warning("W-ALWAYS-FALSE", condition.span,
                                fmt::format("`between {} .. {}` is an empty range: the condition never holds",
                                            number_text(values[0]),
                                            number_text(values[1])));
  d.hints.push_back("write the low bound first");
}

// `field(other.path)`: a comparison between two fields of the same event.
std::optional<FieldRef> check_field_ref(const syntax::FieldCondition& condition, const FieldRef* field,
                                        const FieldScope& scope, Diagnostics& diagnostics, bool& ok) {
  const syntax::ValueExpr& ref = condition.values.front();
  if (condition.values.size() != 1 || !(condition.op == Op::eq || condition.op == Op::ne || condition.op == Op::lt ||
                                        condition.op == Op::le || condition.op == Op::gt || condition.op == Op::ge)) {
    diagnostics.error("E-BAD-FIELDREF", ref.span, fmt::format("`field(...)` cannot be used with `{}`", op_text(condition.op)))
        .hints.push_back("compare two fields with ==, !=, <, <=, > or >=");
    ok = false;
    return std::nullopt;
  }
  auto other = resolve_field(ref.text, ref.span, scope, "E-BAD-FIELDREF", diagnostics);
  if (!other) {
    ok = false;
    return std::nullopt;
  }
  if (field && !(field_types(*field) & field_types(*other))) {
    diagnostics.error("E-BAD-FIELDREF", ref.span,
                      fmt::format("`{}` is {} and `{}` is {}: they cannot be compared", field->path,
                                  type_words(field_types(*field)), other->path, type_words(field_types(*other))));
    ok = false;
  }
  return other;
}

}  // namespace

std::optional<CheckedPredicate> check_predicate(const syntax::FieldCondition& condition, const FieldScope& scope,
                                                CheckContext& context) {
  Diagnostics& diagnostics = context.diagnostics;
  std::size_t errors_before = diagnostics.error_count();
  bool ok = true;
  auto field = resolve_field(condition.field.name, condition.field.span, scope, "E-UNKNOWN-FIELD", diagnostics);
  if (!field) ok = false;

  CheckedPredicate predicate;
  bool has_field_ref = std::any_of(condition.values.begin(), condition.values.end(),
                                   [](const auto& v) { return v.kind == syntax::ValueExpr::Kind::field_ref; });
  if (has_field_ref) {
    predicate.other_field = check_field_ref(condition, field ? &*field : nullptr, scope, diagnostics, ok);
  } else {
    predicate.values = expand_values(condition.values, context);
    if (field) {
      convert_weekday_names(*field, predicate.values, diagnostics, ok);
      check_types(condition, *field, predicate.values, diagnostics, ok);
      check_time_part_range(*field, predicate.values, diagnostics, ok);
      check_modifiers(condition, *field, diagnostics, ok);
    }
    check_patterns(condition.op, condition.modifiers.cased, predicate.values, context, ok);
    check_between_order(condition, predicate.values, diagnostics);
    if (condition.op != Op::exists && predicate.values.empty() && diagnostics.error_count() == errors_before) {
      // Only an empty list (`in []`, or a `$list` replaced by nothing) gets here.
      diagnostics.warning("W-ALWAYS-FALSE", condition.span,
                          fmt::format("`{}` has no values to compare with: the condition never holds",
                                      condition.field.name));
    }
  }
  if (!ok || diagnostics.error_count() != errors_before) return std::nullopt;
  predicate.field = std::move(*field);
  predicate.op = condition.op;
  predicate.negated = condition.negated;
  predicate.cased = condition.modifiers.cased;
  predicate.quantifier = condition.quantifier == syntax::Quantifier::all ? Quantifier::all : Quantifier::any;
  predicate.encoding = condition.modifiers.base64offset ? Encoding::base64offset
                       : condition.modifiers.base64     ? Encoding::base64
                                                        : Encoding::none;
  predicate.span = condition.span;
  return predicate;
}

}  // namespace sigil::dsl::check
