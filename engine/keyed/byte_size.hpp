#pragma once
// "512MiB", "1GiB", "300MB", "65536": a byte count for `--max-state-memory`, or nullopt.
// Units: B, KiB/MiB/GiB/TiB (powers of 1024), KB/MB/GB/TB (powers of 1000); none means bytes.

#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace sigil::keyed {

inline std::optional<std::size_t> parse_byte_size(std::string_view text) {
  std::size_t digits = 0;
  std::uint64_t n = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    if (n > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  struct Unit {
    std::string_view name;
    std::uint64_t factor;
  };
  constexpr Unit units[] = {{"", 1},
                            {"B", 1},
                            {"KiB", 1ull << 10},
                            {"MiB", 1ull << 20},
                            {"GiB", 1ull << 30},
                            {"TiB", 1ull << 40},
                            {"KB", 1000},
                            {"MB", 1000'000},
                            {"GB", 1000'000'000},
                            {"TB", 1000'000'000'000}};
  for (const Unit& u : units) {
    if (unit != u.name) continue;
    if (n > std::numeric_limits<std::size_t>::max() / u.factor) return std::nullopt;
    return static_cast<std::size_t>(n * u.factor);
  }
  return std::nullopt;
}

}  // namespace sigil::keyed
