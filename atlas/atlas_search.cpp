// Finding techniques by words and suggesting ids for mistyped ones (AtlasCatalog::search and
// AtlasCatalog::suggest): the forgiving lookups, kept apart from the exact ones.
#include <algorithm>
#include <cctype>
#include <string>
#include <tuple>

#include "atlas/atlas_catalog.hpp"

namespace sigil::atlas {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  auto found = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                           [](char a, char b) { return lower(a) == lower(b); });
  return found != haystack.end() || needle.empty();
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, the usual
// typing slips in digit strings (T0015 for T0051).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string sorted_characters(std::string_view text) {
  std::string sorted(text);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// "aml.t0051" and "T0051" become "AML.T0051".
std::string canonical_form(std::string_view id) {
  std::string canonical;
  for (char c : id) canonical += upper(c);
  if (!canonical.starts_with("AML.")) canonical.insert(0, "AML.");
  return canonical;
}

}  // namespace

std::vector<const Technique*> AtlasCatalog::search(std::string_view words) const {
  std::vector<std::string_view> wanted = split_words(words);
  std::vector<const Technique*> matches;
  if (wanted.empty()) return matches;
  for (const Technique& technique : techniques_) {
    bool all_found = std::all_of(wanted.begin(), wanted.end(), [&](std::string_view word) {
      return contains_ignoring_case(technique.id, word) ||
             contains_ignoring_case(technique.name, word) ||
             contains_ignoring_case(technique.parent_name, word);
    });
    if (all_found) matches.push_back(&technique);
  }
  return matches;
}

std::vector<std::string_view> AtlasCatalog::suggest(std::string_view id, std::size_t limit) const {
  std::vector<std::string_view> suggestions;
  std::string canonical = canonical_form(id);
  if (const Technique* technique = find(canonical)) return {technique->id};
  if (const Tactic* tactic = find_tactic(canonical)) return {tactic->id};

  // An unknown sub-technique of a known technique: offer the technique and its known children.
  if (is_well_formed_id(canonical) && canonical.size() > 9) {
    if (const Technique* parent = find(std::string_view(canonical).substr(0, 9))) {
      suggestions.push_back(parent->id);
      for (const Technique& sibling : sub_techniques(*parent)) suggestions.push_back(sibling.id);
      if (suggestions.size() > limit) suggestions.resize(limit);
      return suggestions;
    }
  }

  // Among ids equally far, those with the same characters in another order come first:
  // shuffled digits (T0510 for T0051) are a likelier slip than a different digit.
  constexpr std::size_t kMaxDistance = 2;
  std::string sorted_canonical = sorted_characters(canonical);
  std::vector<std::tuple<std::size_t, bool, std::string_view>> scored;
  auto consider = [&](std::string_view known) {
    std::size_t distance = edit_distance(canonical, known);
    if (distance <= kMaxDistance) {
      scored.emplace_back(distance, sorted_characters(known) != sorted_canonical, known);
    }
  };
  for (const Technique& technique : techniques_) consider(technique.id);
  for (const Tactic& tactic : tactics_) consider(tactic.id);
  std::sort(scored.begin(), scored.end());
  for (const auto& [distance, shuffled, known] : scored) {
    if (suggestions.size() == limit) break;
    suggestions.push_back(known);
  }
  return suggestions;
}

}  // namespace sigil::atlas
