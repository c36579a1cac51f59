#include "dsl/syntax/suggest.hpp"

#include "engine/event/edit_distance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace sigil::dsl::syntax {

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
