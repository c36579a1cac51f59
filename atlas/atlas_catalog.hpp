#pragma once
// The MITRE ATLAS catalog: every tactic and technique of one ATLAS data release, for checking
// the technique tags of rules, naming them in alerts, and the `sigil atlas` command.
//
// Thread safety: an AtlasCatalog is immutable once built; `builtin()` builds the catalog compiled
// into the binary once (thread-safe static initialisation) and every thread may read it.
// Pointers, spans and string_views it returns live as long as the catalog (forever for builtin()).
//
// IMPLEMENTATION: techniques are sorted by id, so lookups are binary searches and the
// sub-techniques of a technique are the entries right after it.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/atlas_id.hpp"
#include "atlas/technique.hpp"

namespace sigil::atlas {

class AtlasCatalog {
 public:
  // The catalog generated from the ATLAS data (atlas/catalog.tsv, embedded at build time).
  static const AtlasCatalog& builtin();

  // Parses the text of a catalog file (format: tools/gen-atlas-catalog). Throws
  // std::runtime_error naming the line of anything malformed or inconsistent.
  static AtlasCatalog from_tsv(std::string_view text);

  // Takes tactics in matrix order and techniques sorted by id, with name, parent_id,
  // tactic_indices and description filled in; derives parent_name and display_name.
  // Throws std::invalid_argument if ids are malformed, unsorted or repeated, a parent is
  // missing or itself a sub-technique, a tactic index is out of range, or a technique has none.
  AtlasCatalog(std::string version, std::vector<Tactic> tactics,
               std::vector<Technique> techniques);

  std::string_view version() const { return version_; }  // the data's version: "5.6.0"
  std::span<const Tactic> tactics() const { return tactics_; }           // matrix order
  std::span<const Technique> techniques() const { return techniques_; }  // sorted by id

  // Exact, case-sensitive lookups by id; nullptr when absent.
  const Technique* find(std::string_view id) const;
  const Tactic* find_tactic(std::string_view id) const;

  // The sub-techniques of a top-level technique of this catalog (empty for a sub-technique).
  std::span<const Technique> sub_techniques(const Technique& parent) const;

  // Techniques in which every whitespace-separated word occurs, ignoring ASCII case, in the id,
  // the name or the parent's name. Sorted by id; empty when `words` has no word.
  std::vector<const Technique*> search(std::string_view words) const;

  // "Did you mean" candidates for an unknown technique or tactic id, best first (at most
  // `limit`): the canonical id when only case or the "AML." prefix differ, the parent and
  // siblings of an unknown sub-technique, otherwise the ids closest by edit distance (at most 2).
  std::vector<std::string_view> suggest(std::string_view id, std::size_t limit = 3) const;

 private:
  std::string version_;
  std::vector<Tactic> tactics_;
  std::vector<Technique> techniques_;
};

}  // namespace sigil::atlas
