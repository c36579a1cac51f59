#include "atlas/atlas_catalog.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "atlas/embedded_catalog.hpp"

namespace sigil::atlas {
namespace {

const Technique* lower_bound_by_id(std::span<const Technique> sorted, std::string_view id) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                             [](const Technique& t, std::string_view key) { return t.id < key; });
  return it == sorted.end() ? nullptr : &*it;
}

}  // namespace

const AtlasCatalog& AtlasCatalog::builtin() {
  static const AtlasCatalog catalog = from_tsv(embedded_catalog_text());
  return catalog;
}

AtlasCatalog::AtlasCatalog(std::string version, std::vector<Tactic> tactics,
                           std::vector<Technique> techniques)
    : version_(std::move(version)), tactics_(std::move(tactics)), techniques_(std::move(techniques)) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  for (const Tactic& tactic : tactics_) {
    if (!is_well_formed_tactic_id(tactic.id)) fail(fmt::format("malformed tactic id '{}'", tactic.id));
    if (std::count_if(tactics_.begin(), tactics_.end(),
                      [&](const Tactic& other) { return other.id == tactic.id; }) != 1) {
      fail(fmt::format("tactic {} appears more than once", tactic.id));
    }
  }
  for (std::size_t i = 0; i < techniques_.size(); ++i) {
    Technique& technique = techniques_[i];
    if (!is_well_formed_id(technique.id)) fail(fmt::format("malformed technique id '{}'", technique.id));
    if (i > 0 && !(techniques_[i - 1].id < technique.id)) {
      fail(fmt::format("technique {} is out of order or repeated", technique.id));
    }
    if (technique.tactic_indices.empty()) fail(fmt::format("technique {} has no tactic", technique.id));
    for (std::size_t index : technique.tactic_indices) {
      if (index >= tactics_.size()) fail(fmt::format("technique {}: no tactic #{}", technique.id, index));
    }
    technique.display_name = technique.name;
    if (!technique.is_sub_technique()) continue;
    // Sorting puts a parent before its sub-techniques, so it has already been checked.
    const Technique* parent = find(technique.parent_id);
    if (parent == nullptr || parent->is_sub_technique() ||
        !technique.id.starts_with(technique.parent_id + ".")) {
      fail(fmt::format("technique {}: parent {} is not a top-level technique above it",
                       technique.id, technique.parent_id));
    }
    technique.parent_name = parent->name;
    technique.display_name = fmt::format("{}: {}", parent->name, technique.name);
  }
}

const Technique* AtlasCatalog::find(std::string_view id) const {
  const Technique* found = lower_bound_by_id(techniques_, id);
  return found != nullptr && found->id == id ? found : nullptr;
}

const Tactic* AtlasCatalog::find_tactic(std::string_view id) const {
  auto it = std::find_if(tactics_.begin(), tactics_.end(),
                         [&](const Tactic& tactic) { return tactic.id == id; });
  return it == tactics_.end() ? nullptr : &*it;
}

std::span<const Technique> AtlasCatalog::sub_techniques(const Technique& parent) const {
  const Technique* own = find(parent.id);
  if (own == nullptr || own->is_sub_technique()) return {};
  std::size_t first = static_cast<std::size_t>(own - techniques_.data()) + 1;
  std::size_t last = first;
  while (last < techniques_.size() && techniques_[last].parent_id == parent.id) ++last;
  return std::span<const Technique>(techniques_).subspan(first, last - first);
}

}  // namespace sigil::atlas
