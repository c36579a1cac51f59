#pragma once
// What `sigil atlas` prints, as a function of the catalog and the query, so that the command is
// a thin wrapper and the output can be tested without a process.
//
//   no words            the tactics with their technique counts, and the data version
//   one id (AML.…)      that technique (or tactic) in full; unknown → a "did you mean" line
//   words               the techniques matching all words (AtlasCatalog::search), one per line
//
// Thread safety: a pure function of its arguments.

#include <string>
#include <vector>

#include "atlas/atlas_catalog.hpp"

namespace sigil::atlas {

enum class OutputFormat { text, json };

struct AtlasQuery {
  std::vector<std::string> words;  // the command's positional arguments
  OutputFormat format = OutputFormat::text;
};

// Appends the answer to `out` and any complaint (one line) to `err`. Returns the exit code:
// 0 on success, 1 for an unknown or malformed id or a search without matches.
int print_atlas(const AtlasCatalog& catalog, const AtlasQuery& query, std::string& out,
                std::string& err);

}  // namespace sigil::atlas
