#include "dsl/check/closest_name.hpp"

#include "engine/event/edit_distance.hpp"

#include <algorithm>
#include <vector>

namespace sigil::dsl::check {

std::optional<std::string> closest_name(std::string_view word, std::span<const std::string_view> candidates) {
  std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

}  // namespace sigil::dsl::check
