#include "dsl/check/aggregate_checker.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "dsl/check/closest_name.hpp"
#include "dsl/check/duration.hpp"
#include "dsl/check/state_keys.hpp"

namespace sigil::dsl::check {
namespace {

constexpr std::array<std::string_view, 10> kFunctionNames = {"count", "sum", "avg", "min", "max",
                                                            "distinct", "p50", "p90", "p95", "p99"};

std::optional<AggregateFn> parse_function(std::string_view name) {
  for (std::size_t i = 0; i < kFunctionNames.size(); ++i)
    if (kFunctionNames[i] == name) return static_cast<AggregateFn>(i);
  return std::nullopt;
}

std::optional<CheckedAggregate> check_aggregate(const syntax::AggregateDef& written, const FieldScope& scope,
                                                Diagnostics& diagnostics) {
  const auto fn = parse_function(written.fn.name);
  if (!fn) {
    auto& d = diagnostics.error("E-UNKNOWN-FUNCTION", written.fn.span,
                                fmt::format("unknown aggregate function `{}`", written.fn.name));
    if (auto near = closest_name(written.fn.name, kFunctionNames)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
    d.hints.push_back("functions: count(), sum, avg, min, max, distinct, p50, p90, p95, p99");
    return std::nullopt;
  }
  CheckedAggregate out{written.name.name, *fn, std::nullopt, written.span};
  if (*fn == AggregateFn::count) {
    if (!written.field) return out;
    diagnostics.error("E-BAD-AGGREGATE", written.field->span, "`count()` counts events and takes no field")
        .hints.push_back(fmt::format("write `{} = count()`; `distinct({})` counts its different values",
                                     written.name.name, written.field->name));
    return std::nullopt;
  }
  if (!written.field) {
    diagnostics.error("E-BAD-AGGREGATE", written.span, fmt::format("`{}()` needs a field", written.fn.name))
        .hints.push_back(fmt::format("write `{} = {}(FIELD)`", written.name.name, written.fn.name));
    return std::nullopt;
  }
  auto field = resolve_field(written.field->name, written.field->span, scope, "E-UNKNOWN-FIELD", diagnostics);
  if (!field) return std::nullopt;
  if (*fn != AggregateFn::distinct && !is_numeric_field(*field)) {
    diagnostics.error("E-TYPE-MISMATCH", written.field->span,
                      fmt::format("`{}` needs a numeric field, but `{}` is not a number", written.fn.name,
                                  written.field->name))
        .hints.push_back("`distinct(FIELD)` counts the different values of any field");
    return std::nullopt;
  }
  out.field = std::move(*field);
  return out;
}

class HavingResolver {
 public:
  HavingResolver(const std::vector<syntax::AggregateDef>& aggregates, DurationNs window_length,
                 Diagnostics& diagnostics)
      : aggregates_(aggregates), window_length_(window_length), diagnostics_(diagnostics) {}

  std::optional<CheckedHaving> resolve(const syntax::HavingExpr& written) {
    CheckedHaving out;
    out.kind = static_cast<CheckedHaving::Kind>(written.kind);
    out.op = written.op;
    out.span = written.span;
    bool ok = true;
    for (const syntax::ArithExpr& operand : written.operands) {
      if (auto checked = arith(operand)) out.operands.push_back(std::move(*checked));
      else ok = false;
    }
    for (const syntax::HavingExpr& child : written.children) {
      if (auto checked = resolve(child)) out.children.push_back(std::move(*checked));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  std::optional<CheckedArith> arith(const syntax::ArithExpr& written) {
    using Kind = syntax::ArithExpr::Kind;
    CheckedArith out;
    out.span = written.span;
    out.number = written.number;
    switch (written.kind) {
      case Kind::number: out.kind = CheckedArith::Kind::number; return out;
      case Kind::name: out.kind = CheckedArith::Kind::aggregate; break;
      case Kind::baseline: out.kind = CheckedArith::Kind::baseline; break;
      case Kind::zscore: out.kind = CheckedArith::Kind::zscore; break;
      case Kind::add: out.kind = CheckedArith::Kind::add; break;
      case Kind::sub: out.kind = CheckedArith::Kind::sub; break;
      case Kind::mul: out.kind = CheckedArith::Kind::mul; break;
      case Kind::div: out.kind = CheckedArith::Kind::div; break;
      case Kind::neg: out.kind = CheckedArith::Kind::neg; break;
    }
    bool ok = true;
    if (written.kind == Kind::name || written.kind == Kind::baseline || written.kind == Kind::zscore) {
      auto index = find(written.name);
      if (index) out.aggregate = *index;
      else ok = false;
    }
    if (written.kind == Kind::baseline || written.kind == Kind::zscore) {
      auto horizon = check_duration(written.horizon, diagnostics_);
      if (horizon && *horizon < window_length_) {
        diagnostics_.error("E-BAD-DURATION", written.horizon.span,
                           fmt::format("the history `{}` is shorter than the window ({}): it must span at least one "
                                       "window",
                                       written.horizon.text, format_duration(window_length_)))
            .hints.push_back("the baseline is an average over past windows; give it several: `baseline(n, 1d)`");
        horizon.reset();
      }
      if (horizon) out.horizon = *horizon;
      else ok = false;
    }
    for (const syntax::ArithExpr& child : written.children) {
      if (auto checked = arith(child)) out.children.push_back(std::move(*checked));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<std::size_t> find(const syntax::Ident& name) {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < aggregates_.size(); ++i) {
      if (aggregates_[i].name.name == name.name) return i;
      names.push_back(aggregates_[i].name.name);
    }
    auto& d = diagnostics_.error("E-UNKNOWN-AGGREGATE", name.span,
                                 fmt::format("`{}` is not an aggregate of this rule", name.name));
    if (auto near = closest_name(name.name, names)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
    else if (names.empty()) d.hints.push_back(fmt::format("define it: `aggregate {} = count()`", name.name));
    else {
      std::string list;
      for (std::string_view n : names) list += (list.empty() ? "`" : ", `") + std::string(n) + "`";
      d.hints.push_back(fmt::format("the aggregates are {}; define others with `aggregate`", list));
    }
    return std::nullopt;
  }

  const std::vector<syntax::AggregateDef>& aggregates_;
  DurationNs window_length_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<std::vector<CheckedAggregate>> check_aggregates(const std::vector<syntax::AggregateDef>& written,
                                                              const FieldScope& scope, Diagnostics& diagnostics) {
  std::vector<CheckedAggregate> out;
  std::map<std::string_view, const syntax::AggregateDef*> seen;
  bool ok = true;
  for (const syntax::AggregateDef& aggregate : written) {
    auto [it, inserted] = seen.emplace(aggregate.name.name, &aggregate);
    if (!inserted) {
      diagnostics
          .error("E-DUPLICATE-AGGREGATE", aggregate.name.span,
                 fmt::format("aggregate `{}` is defined twice", aggregate.name.name))
          .related.push_back({it->second->name.span, "first defined here"});
      ok = false;
      continue;
    }
    if (auto checked = check_aggregate(aggregate, scope, diagnostics)) out.push_back(std::move(*checked));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<CheckedHaving> check_having(const syntax::HavingExpr& written,
                                          const std::vector<syntax::AggregateDef>& aggregates,
                                          DurationNs window_length, Diagnostics& diagnostics) {
  HavingResolver resolver(aggregates, window_length, diagnostics);
  return resolver.resolve(written);
}

}  // namespace sigil::dsl::check
