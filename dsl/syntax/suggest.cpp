#include "dsl/syntax/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace sigil::dsl::syntax {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest(std::string_view word, std::span<const std::string_view> candidates) {
  if (word.size() > 40) return {};  // keep hostile input cheap
  std::string best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string operator_hint(std::string_view word) {
  static const std::pair<std::string_view, std::string_view> synonyms[] = {
      {"=", "=="},         {"equals", "=="},          {"eq", "=="},          {"is", "=="},
      {"ne", "!="},        {"neq", "!="},             {"<>", "!="},          {"gt", ">"},
      {"gte", ">="},       {"ge", ">="},              {"lt", "<"},           {"lte", "<="},
      {"le", "<="},        {"has", "contains"},       {"includes", "contains"},
      {"regex", "re"},     {"matches", "re"},         {"match", "re"},       {"like", "re"},
      {"starts_with", "startswith"}, {"ends_with", "endswith"}, {"exist", "exists"},
      {"present", "exists"}, {"icontains", "contains"}, {"startwith", "startswith"},
      {"endwith", "endswith"}};
  if (!word.empty() && word[0] == '|') {
    return "Sigma's `field|modifier` is written with spaces here: `field contains value`";
  }
  for (const auto& [from, to] : synonyms) {
    if (word == from) return fmt::format("did you mean `{}`?", to);
  }
  static constexpr std::string_view word_operators[] = {"in", "between", "contains", "startswith",
                                                        "endswith", "re", "cidr", "exists"};
  const std::string near = closest(word, word_operators);
  if (!near.empty()) return fmt::format("did you mean `{}`?", near);
  return {};
}

}  // namespace sigil::dsl::syntax
