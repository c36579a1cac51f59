#include "atlas/atlas_id.hpp"

#include <algorithm>

namespace sigil::atlas {
namespace {

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_well_formed_id(std::string_view id) {
  constexpr std::string_view prefix = "AML.T";
  if (!id.starts_with(prefix)) return false;
  std::string_view number = id.substr(prefix.size());
  if (number.size() == 4) return all_digits(number);
  return number.size() == 8 && all_digits(number.substr(0, 4)) && number[4] == '.' &&
         all_digits(number.substr(5));
}

bool is_well_formed_tactic_id(std::string_view id) {
  constexpr std::string_view prefix = "AML.TA";
  return id.starts_with(prefix) && id.size() == prefix.size() + 4 &&
         all_digits(id.substr(prefix.size()));
}

}  // namespace sigil::atlas
