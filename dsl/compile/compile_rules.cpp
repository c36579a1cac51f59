#include "dsl/compile/compile_rules.hpp"

#include <chrono>
#include <stdexcept>
#include <variant>

#include <fmt/format.h>

#include "dsl/compile/graph_builder.hpp"
#include "dsl/compile/lower_condition.hpp"
#include "dsl/compile/lower_predicate.hpp"
#include "dsl/compile/lower_stateful.hpp"
#include "dsl/compile/pattern_table.hpp"
#include "engine/event/field_catalog.hpp"

namespace sigil::dsl {
namespace {

sigil::Severity severity(check::RuleSeverity s) {
  switch (s) {
    case check::RuleSeverity::informational: return sigil::Severity::informational;
    case check::RuleSeverity::low: return sigil::Severity::low;
    case check::RuleSeverity::medium: return sigil::Severity::medium;
    case check::RuleSeverity::high: return sigil::Severity::high;
    case check::RuleSeverity::critical: return sigil::Severity::critical;
  }
  return sigil::Severity::medium;
}

RuleInfo rule_info(const check::CheckedRule& rule, PredicateLowering& predicates) {
  RuleInfo info;
  info.id = rule.id;
  info.title = rule.title;
  info.severity = severity(rule.severity);
  info.tags = rule.tags;
  info.atlas = rule.atlas;
  for (const check::TemplateSegment& segment : rule.output) {
    OutputTemplate::Segment out;
    if (segment.is_field && segment.field.kind != check::FieldRef::Kind::time_part) {
      out.field = predicates.field_id(segment.field);
      out.path = segment.field.path;
    } else if (segment.is_field) {
      out.literal = "{" + segment.field.path + "}";  // time parts are not event fields
    } else {
      out.literal = segment.literal;
    }
    info.output.segments.push_back(std::move(out));
  }
  if (info.output.segments.empty()) info.output.segments.push_back({rule.title, kNoField, ""});
  return info;
}

}  // namespace

std::unique_ptr<eval::RuleGraph> compile_rules(const check::RuleSet& rules, Diagnostics& diagnostics,
                                               CompileStats* stats) {
  auto started = std::chrono::steady_clock::now();
  auto graph = std::make_unique<eval::RuleGraph>();
  graph->plan = std::make_unique<FieldPlan>(FieldCatalog::builtin());

  auto zone = match::TimeZone::load(rules.settings.timezone);
  if (auto* error = std::get_if<std::string>(&zone)) {
    diagnostics.error("E-COMPILE", {}, fmt::format("time zone {}: {}", rules.settings.timezone, *error));
    return nullptr;
  }
  graph->timezone = std::get<match::TimeZone>(std::move(zone));

  PatternTable patterns;
  GraphBuilder builder(*graph);
  PredicateLowering predicates(*graph->plan, patterns, builder, graph->cidr_sets);

  for (const check::CheckedRule& rule : rules.rules) {
    LoweredRule lowered = lower_rule_condition(rule, predicates, builder);
    eval::CompiledRule compiled;
    compiled.info = rule_info(rule, predicates);
    compiled.kinds = rule.kinds;
    compiled.root = lowered.root.index;
    compiled.condition = lowered.condition.index;
    for (std::size_t i = 0; i < rule.selections.size(); ++i)
      compiled.selections.emplace_back(rule.selections[i].name, lowered.selections[i].index);
    for (std::size_t i = 0; i < rule.exceptions.size(); ++i)
      compiled.exceptions.emplace_back(rule.exceptions[i].name, lowered.exceptions[i].index);
    std::uint32_t index = static_cast<std::uint32_t>(graph->rules.size());
    graph->rules.push_back(std::move(compiled));
    if (rule.stateful) {
      lower_stateful(rule, index, lowered.root.index, *graph, predicates, builder);
    } else {
      for (std::size_t k = 0; k < kKindCount; ++k)
        if (rule.kinds & kind_bit(static_cast<Kind>(k))) graph->buckets[k].push_back(index);
    }
  }
  graph->uses_time_parts = predicates.uses_time_parts();

  try {
    patterns.build(*graph);
  } catch (const std::exception& e) {
    diagnostics.error("E-COMPILE", {}, fmt::format("cannot build the pattern sets: {}", e.what()));
    return nullptr;
  }
  graph->plan->freeze();
  // Fields registered after matchers_of_field was sized (template fields) have no matchers.
  graph->matchers_of_field.resize(graph->plan->size(), eval::RuleGraph::kNone);

  if (stats) {
    stats->rules = graph->rules.size();
    stats->predicates_written = builder.predicates_written();
    stats->predicates = graph->predicates.size();
    stats->patterns = patterns.literal_count();
    stats->regexes = patterns.regex_count();
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  return graph;
}

}  // namespace sigil::dsl
