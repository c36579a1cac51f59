#include "dsl/check/metadata_checker.hpp"

#include <fmt/format.h>

#include "atlas/atlas_catalog.hpp"
#include "dsl/check/closest_name.hpp"
#include "dsl/check/vocabulary.hpp"

namespace sigil::dsl::check {
namespace {

template <std::size_t N>
std::string listing(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

template <std::size_t N>
void hint_closest(Diagnostic& d, std::string_view word, const std::array<std::string_view, N>& names) {
  if (auto near = closest_name(word, names)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
  else d.hints.push_back(fmt::format("expected one of: {}", listing(names)));
}

void check_severity(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics) {
  if (!rule.severity) {
    diagnostics.error("E-MISSING-SEVERITY", rule.id.span, fmt::format("rule `{}` has no severity", rule.id.name))
        .hints.push_back(fmt::format("add a line `severity medium` ({})", listing(kSeverityNames)));
    return;
  }
  if (auto severity = parse_severity(rule.severity->name)) {
    out.severity = *severity;
    return;
  }
  auto& d = diagnostics.error("E-BAD-SEVERITY", rule.severity->span,
                              fmt::format("unknown severity `{}`", rule.severity->name));
  hint_closest(d, rule.severity->name, kSeverityNames);
}

void check_status(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics) {
  if (!rule.status) return;
  if (auto status = parse_status(rule.status->name)) {
    out.status = *status;
    return;
  }
  auto& d = diagnostics.error("E-BAD-STATUS", rule.status->span, fmt::format("unknown status `{}`", rule.status->name));
  hint_closest(d, rule.status->name, kStatusNames);
}

void check_kinds(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics) {
  if (rule.kinds.empty()) {
    if (rule.sequence) return;  // a sequence reads its steps' kinds (stateful_checker)
    diagnostics.error("E-MISSING-ON", rule.id.span, fmt::format("rule `{}` does not say which events it reads", rule.id.name))
        .hints.push_back("add a line `on KIND` (kinds: prompt, guardrail, retrieval, agent_action, system_prompt, "
                         "token_usage, api_call, model_response, audit)");
    return;
  }
  for (const syntax::Ident& kind : rule.kinds) {
    if (auto parsed = parse_kind(kind.name)) {
      out.kinds |= kind_bit(*parsed);
      continue;
    }
    auto& d = diagnostics.error("E-UNKNOWN-KIND", kind.span, fmt::format("unknown event kind `{}`", kind.name));
    hint_closest(d, kind.name, kKindNames);
  }
}

void check_atlas(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics) {
  const atlas::AtlasCatalog& catalog = atlas::AtlasCatalog::builtin();
  for (const syntax::Ident& id : rule.atlas) {
    if (!atlas::is_well_formed_id(id.name)) {
      auto& d = diagnostics.error("E-MALFORMED-ATLAS-ID", id.span,
                                  fmt::format("`{}` is not an ATLAS technique id", id.name));
      auto near = catalog.suggest(id.name, 1);
      d.hints.push_back(near.empty() ? std::string("technique ids look like AML.T0051 or AML.T0051.000")
                                     : fmt::format("did you mean `{}`?", near.front()));
      continue;
    }
    if (const atlas::Technique* technique = catalog.find(id.name)) {
      out.atlas.push_back(technique);
      continue;
    }
    auto& d = diagnostics.error("E-UNKNOWN-ATLAS-ID", id.span,
                                fmt::format("`{}` is not in the ATLAS catalog (data {})", id.name, catalog.version()));
    auto near = catalog.suggest(id.name, 3);
    if (!near.empty()) {
      std::string names;
      for (std::string_view n : near) names += (names.empty() ? "`" : ", `") + std::string(n) + "`";
      d.hints.push_back(fmt::format("did you mean {}?", names));
    }
    d.hints.push_back("`sigil atlas SEARCH WORDS` lists matching techniques");
  }
  if (rule.no_atlas_reason) out.no_atlas_reason = rule.no_atlas_reason->value;
  if (rule.atlas.empty() && !rule.no_atlas_reason)
    diagnostics.warning("W-NO-ATLAS", rule.id.span, fmt::format("rule `{}` names no ATLAS technique", rule.id.name))
        .hints.push_back("add `atlas AML.T...` (see `sigil atlas`), or `atlas none \"why\"` when none applies");
}

std::vector<std::string> values_of(const std::vector<syntax::StringLit>& literals) {
  std::vector<std::string> out;
  for (const syntax::StringLit& literal : literals) out.push_back(literal.value);
  return out;
}

}  // namespace

void check_metadata(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics) {
  out.id = rule.id.name;
  out.span = rule.span;
  if (rule.title) out.title = rule.title->value;
  else
    diagnostics.error("E-MISSING-TITLE", rule.id.span, fmt::format("rule `{}` has no title", rule.id.name))
        .hints.push_back("add a line `title \"...\"`: alerts show it");
  if (rule.description) out.description = rule.description->value;
  if (rule.author) out.author = rule.author->value;
  out.references = values_of(rule.references);
  out.falsepositives = values_of(rule.falsepositives);
  for (const syntax::Ident& tag : rule.tags) out.tags.push_back(tag.name);
  check_severity(rule, out, diagnostics);
  check_status(rule, out, diagnostics);
  check_kinds(rule, out, diagnostics);
  check_atlas(rule, out, diagnostics);
}

}  // namespace sigil::dsl::check
