#pragma once
// The answers of print_atlas, each in text (render_text.cpp) and JSON (render_json.cpp).
// Internal to atlas/: print_atlas decides which answer a query gets, these only format it.
// Each appends to `out`.

#include <string>
#include <string_view>
#include <vector>

#include "atlas/atlas_catalog.hpp"

namespace sigil::atlas {

void render_tactic_table_text(const AtlasCatalog& catalog, std::string& out);
void render_technique_text(const AtlasCatalog& catalog, const Technique& technique, std::string& out);
void render_tactic_text(const AtlasCatalog& catalog, const Tactic& tactic, std::string& out);
void render_matches_text(const AtlasCatalog& catalog, const std::vector<const Technique*>& matches,
                         std::string& out);

void render_tactic_table_json(const AtlasCatalog& catalog, std::string& out);
void render_technique_json(const AtlasCatalog& catalog, const Technique& technique, std::string& out);
void render_tactic_json(const AtlasCatalog& catalog, const Tactic& tactic, std::string& out);
void render_matches_json(const AtlasCatalog& catalog, std::string_view query,
                         const std::vector<const Technique*>& matches, std::string& out);

// How many top-level techniques and sub-techniques list each tactic (matrix order).
struct TacticCount {
  std::size_t top_level = 0;
  std::size_t sub_techniques = 0;
};
std::vector<TacticCount> count_by_tactic(const AtlasCatalog& catalog);

// The techniques listing a tactic, sorted by id.
std::vector<const Technique*> techniques_of_tactic(const AtlasCatalog& catalog, const Tactic& tactic);

}  // namespace sigil::atlas
