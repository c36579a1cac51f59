#pragma once
// The ATLAS coverage of a rule set, for `sigil coverage`: for each tactic in matrix order, every
// technique and sub-technique of the catalog with the rules tagging it, and how many are covered.
//
//   rules (id + technique ids) --compute_coverage--> Coverage --render_coverage--> text
//
// Counting (the contract the tables and the Navigator layer share):
//   - A rule counts once for each technique it tags, exactly as written: a rule tagging a
//     sub-technique (AML.T0051.000) counts for the sub-technique, not for its parent.
//   - A top-level technique also shows the sum of its sub-techniques' counts (a rule tagging two
//     sub-techniques of one parent adds 2).
//   - A top-level technique is covered when a rule tags it or one of its sub-techniques; a
//     sub-technique when a rule tags it. "All tactics" counts each technique once, however many
//     tactics list it; a tactic counts the techniques it lists (sub-techniques carry their
//     parent's tactics).
//
// Thread safety: pure functions of their arguments; a Coverage refers to its catalog, which must
// outlive it (AtlasCatalog::builtin() lives forever).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "atlas/atlas_catalog.hpp"

namespace sigil::atlas {

// What coverage needs of a rule: its id and the ATLAS ids it tags (none for `atlas none`).
struct TaggedRule {
  std::string id;
  std::vector<std::string> techniques;
};

struct TechniqueCoverage {
  const Technique* technique = nullptr;
  std::vector<std::string> rules;        // ids of the rules tagging this technique, in input order
  std::size_t sub_technique_rules = 0;   // top-level: the sum of its sub-techniques' rules.size()

  bool covered() const { return !rules.empty() || sub_technique_rules != 0; }
};

struct CoveredCount {
  std::size_t covered = 0;
  std::size_t total = 0;
};

struct TacticCoverage {
  const Tactic* tactic = nullptr;
  // Indices into Coverage::techniques: the techniques listing this tactic, by id, so each
  // top-level technique is followed by its sub-techniques.
  std::vector<std::size_t> rows;
  CoveredCount techniques;      // top-level
  CoveredCount sub_techniques;
};

struct Coverage {
  const AtlasCatalog* catalog = nullptr;
  std::vector<TechniqueCoverage> techniques;  // parallel to catalog->techniques()
  std::vector<TacticCoverage> tactics;        // parallel to catalog->tactics() (matrix order)
  CoveredCount all_techniques;                // over the whole matrix, each technique once
  CoveredCount all_sub_techniques;
  std::size_t rules = 0;           // rules given
  std::size_t untagged_rules = 0;  // rules tagging no technique
};

// Throws std::invalid_argument for a technique id the catalog does not have (checked rules
// never have one: the checker looks every id up in AtlasCatalog::builtin()).
Coverage compute_coverage(const AtlasCatalog& catalog, std::span<const TaggedRule> rules);

enum class CoverageFormat {
  table,     // aligned columns for a terminal: one block per tactic, then the summary
  markdown,  // the summary table, then one table of every technique (rules/README.md)
  json,      // one object: {"atlas_version", "rules", "untagged_rules", "summary", "tactics"}
  navigator  // an ATLAS Navigator layer (coverage_navigator.cpp)
};

// The whole output, ending with a newline.
std::string render_coverage(const Coverage& coverage, CoverageFormat format);

// The Navigator's name for a tactic: lower case, spaces as hyphens ("ai-model-access"), as in
// the layers MITRE generates from the ATLAS data (atlas-navigator-data).
std::string navigator_tactic_name(const Tactic& tactic);

}  // namespace sigil::atlas
