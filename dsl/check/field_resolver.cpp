#include "dsl/check/field_resolver.hpp"

#include <fmt/format.h>

#include <bit>

#include "dsl/check/vocabulary.hpp"

namespace sigil::dsl::check {
namespace {

bool is_at_or_below(std::string_view path, std::string_view base) {
  return path == base || (path.size() > base.size() && path.starts_with(base) && path[base.size()] == '.');
}

std::optional<FieldRef> resolve_time_part(std::string_view path, SourceSpan span, Diagnostics& diagnostics) {
  std::string_view part = path.substr(5);
  if (auto parsed = parse_time_part(part)) return FieldRef{FieldRef::Kind::time_part, std::string(path), nullptr, *parsed, span};
  auto& d = diagnostics.error("E-BAD-TIME-PART", span, fmt::format("`{}` is not a part of the event time", path));
  d.hints.push_back("time parts are time.hour, time.minute, time.weekday, time.day, time.month and time.year");
  return std::nullopt;
}

void report_wrong_kind(std::string_view path, const FieldSpec& spec, SourceSpan span, const FieldScope& scope,
                       std::string_view code, Diagnostics& diagnostics) {
  auto& d = diagnostics.error(std::string(code), span,
                              fmt::format("`{}` belongs to {}, not to {}", path, kind_names(spec.kinds),
                                          kind_names(scope.kinds)));
  d.hints.push_back(fmt::format("add its kind to `on`, or test a field of {}", kind_names(scope.kinds)));
}

void report_unknown(std::string_view path, SourceSpan span, const FieldScope& scope, std::string_view code,
                    Diagnostics& diagnostics) {
  const FieldCatalog& catalog = FieldCatalog::builtin();
  auto& d = diagnostics.error(std::string(code), span,
                              fmt::format("unknown field `{}` for kind{} {}", path,
                                          std::has_single_bit(scope.kinds) ? "" : "s", kind_names(scope.kinds)));
  // Prefer a suggestion the rule's kinds actually have.
  std::string_view best;
  for (std::string_view candidate : catalog.suggest(path, 5)) {
    const FieldSpec* spec = catalog.find(candidate);
    if (spec && (spec->kinds & scope.kinds)) {
      best = candidate;
      break;
    }
  }
  if (!best.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", best));
  else d.hints.push_back(fmt::format("fields outside the contract must be opted in with `fields {}`", path));
}

}  // namespace

std::optional<FieldRef> resolve_field(std::string_view path, SourceSpan span, const FieldScope& scope,
                                      std::string_view unknown_code, Diagnostics& diagnostics) {
  if (path.starts_with("time.")) return resolve_time_part(path, span, diagnostics);
  const FieldCatalog& catalog = FieldCatalog::builtin();
  if (const FieldSpec* spec = catalog.find(path)) {
    if (spec->kinds & scope.kinds) return FieldRef{FieldRef::Kind::contract, std::string(path), spec, {}, span};
    report_wrong_kind(path, *spec, span, scope, unknown_code, diagnostics);
    return std::nullopt;
  }
  if (const FieldSpec* open = catalog.open_ancestor(path)) {
    if (open->kinds & scope.kinds) return FieldRef{FieldRef::Kind::open_path, std::string(path), open, {}, span};
    report_wrong_kind(path, *open, span, scope, unknown_code, diagnostics);
    return std::nullopt;
  }
  for (std::string_view extra : scope.extra_fields)
    if (is_at_or_below(path, extra)) return FieldRef{FieldRef::Kind::extra, std::string(path), nullptr, {}, span};
  report_unknown(path, span, scope, unknown_code, diagnostics);
  return std::nullopt;
}

}  // namespace sigil::dsl::check
