// compute_coverage: the rules tagging each technique, and the covered counts per tactic.
#include "atlas/coverage.hpp"

#include <algorithm>
#include <stdexcept>

#include "atlas/coverage_render.hpp"

namespace sigil::atlas {
namespace {

std::size_t index_of(const AtlasCatalog& catalog, const Technique& technique) {
  return static_cast<std::size_t>(&technique - catalog.techniques().data());
}

void count(CoveredCount& counted, bool covered) {
  ++counted.total;
  if (covered) ++counted.covered;
}

}  // namespace

Coverage compute_coverage(const AtlasCatalog& catalog, std::span<const TaggedRule> rules) {
  Coverage coverage;
  coverage.catalog = &catalog;
  coverage.rules = rules.size();
  coverage.techniques.resize(catalog.techniques().size());
  for (std::size_t i = 0; i < coverage.techniques.size(); ++i) {
    coverage.techniques[i].technique = &catalog.techniques()[i];
  }

  for (const TaggedRule& rule : rules) {
    if (rule.techniques.empty()) ++coverage.untagged_rules;
    for (const std::string& id : rule.techniques) {
      const Technique* technique = catalog.find(id);
      if (technique == nullptr) {
        throw std::invalid_argument("rule " + rule.id + " tags " + id + ", which ATLAS " +
                                    std::string(catalog.version()) + " does not have");
      }
      std::vector<std::string>& tagging = coverage.techniques[index_of(catalog, *technique)].rules;
      // A rule listing a technique twice still counts once.
      if (tagging.empty() || tagging.back() != rule.id) tagging.push_back(rule.id);
    }
  }

  for (const TechniqueCoverage& entry : coverage.techniques) {
    if (!entry.technique->is_sub_technique()) continue;
    const Technique* parent = catalog.find(entry.technique->parent_id);
    coverage.techniques[index_of(catalog, *parent)].sub_technique_rules += entry.rules.size();
  }

  coverage.tactics.resize(catalog.tactics().size());
  for (std::size_t t = 0; t < coverage.tactics.size(); ++t) {
    coverage.tactics[t].tactic = &catalog.tactics()[t];
  }
  for (std::size_t i = 0; i < coverage.techniques.size(); ++i) {
    const TechniqueCoverage& entry = coverage.techniques[i];
    bool sub = entry.technique->is_sub_technique();
    count(sub ? coverage.all_sub_techniques : coverage.all_techniques, entry.covered());
    for (std::size_t t : entry.technique->tactic_indices) {
      TacticCoverage& tactic = coverage.tactics[t];
      tactic.rows.push_back(i);  // techniques are sorted by id, so rows are too
      count(sub ? tactic.sub_techniques : tactic.techniques, entry.covered());
    }
  }
  return coverage;
}

std::string render_coverage(const Coverage& coverage, CoverageFormat format) {
  std::string out;
  switch (format) {
    case CoverageFormat::table: render_coverage_table(coverage, out); break;
    case CoverageFormat::markdown: render_coverage_markdown(coverage, out); break;
    case CoverageFormat::json: render_coverage_json(coverage, out); break;
    case CoverageFormat::navigator: render_coverage_navigator(coverage, out); break;
  }
  return out;
}

std::string navigator_tactic_name(const Tactic& tactic) {
  std::string name = tactic.name;
  std::transform(name.begin(), name.end(), name.begin(), [](char c) {
    if (c == ' ') return '-';
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return name;
}

}  // namespace sigil::atlas
