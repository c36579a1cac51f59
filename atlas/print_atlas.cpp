#include "atlas/print_atlas.hpp"

#include <cctype>

#include <fmt/format.h>

#include "atlas/render.hpp"

namespace sigil::atlas {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string unknown_id_message(const AtlasCatalog& catalog, std::string_view id) {
  std::string message =
      is_well_formed_id(id) || is_well_formed_tactic_id(id)
          ? fmt::format("sigil atlas: unknown ATLAS id {} (ATLAS data {})", id, catalog.version())
          : fmt::format("sigil atlas: '{}' is not an ATLAS id (AML.Tnnnn, AML.Tnnnn.nnn or AML.TAnnnn)", id);
  std::vector<std::string_view> suggestions = catalog.suggest(id);
  if (!suggestions.empty()) {
    message += fmt::format("; did you mean {}?", fmt::join(suggestions, ", "));
  }
  return message + "\n";
}

}  // namespace

int print_atlas(const AtlasCatalog& catalog, const AtlasQuery& query, std::string& out,
                std::string& err) {
  const bool json = query.format == OutputFormat::json;
  if (query.words.empty()) {
    json ? render_tactic_table_json(catalog, out) : render_tactic_table_text(catalog, out);
    return 0;
  }
  // Anything starting with "AML." is meant as an id, not as a search word.
  if (query.words.size() == 1 && starts_with_ignoring_case(query.words.front(), "AML.")) {
    const std::string& id = query.words.front();
    if (const Technique* technique = catalog.find(id)) {
      json ? render_technique_json(catalog, *technique, out)
           : render_technique_text(catalog, *technique, out);
      return 0;
    }
    if (const Tactic* tactic = catalog.find_tactic(id)) {
      json ? render_tactic_json(catalog, *tactic, out) : render_tactic_text(catalog, *tactic, out);
      return 0;
    }
    err += unknown_id_message(catalog, id);
    return 1;
  }
  std::string words = fmt::format("{}", fmt::join(query.words, " "));
  std::vector<const Technique*> matches = catalog.search(words);
  if (matches.empty()) {
    err += fmt::format("sigil atlas: no ATLAS technique matches '{}'\n", words);
    return 1;
  }
  json ? render_matches_json(catalog, words, matches, out)
       : render_matches_text(catalog, matches, out);
  return 0;
}

}  // namespace sigil::atlas
