// Tallies shared by the text and JSON renderers.
#include "atlas/render.hpp"

namespace sigil::atlas {

std::vector<TacticCount> count_by_tactic(const AtlasCatalog& catalog) {
  std::vector<TacticCount> counts(catalog.tactics().size());
  for (const Technique& technique : catalog.techniques()) {
    for (std::size_t index : technique.tactic_indices) {
      ++(technique.is_sub_technique() ? counts[index].sub_techniques : counts[index].top_level);
    }
  }
  return counts;
}

std::vector<const Technique*> techniques_of_tactic(const AtlasCatalog& catalog, const Tactic& tactic) {
  std::vector<const Technique*> found;
  for (const Technique& technique : catalog.techniques()) {
    for (std::size_t index : technique.tactic_indices) {
      if (catalog.tactics()[index].id == tactic.id) found.push_back(&technique);
    }
  }
  return found;
}

}  // namespace sigil::atlas
