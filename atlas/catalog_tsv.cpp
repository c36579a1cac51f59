// Reads the catalog file written by tools/gen-atlas-catalog: '#' comment lines, then
// tab-separated rows "version", "tactic" and "technique" (columns documented in that script).
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "atlas/atlas_catalog.hpp"

namespace sigil::atlas {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

AtlasCatalog AtlasCatalog::from_tsv(std::string_view text) {
  std::string version;
  std::vector<Tactic> tactics;
  std::vector<Technique> techniques;
  std::size_t line_number = 0;
  auto fail = [&](std::string_view message) {
    throw std::runtime_error(fmt::format("ATLAS catalog line {}: {}", line_number, message));
  };
  for (std::string_view line : split(text, '\n')) {
    ++line_number;
    if (line.empty() || line.starts_with('#')) continue;
    std::vector<std::string_view> cells = split(line, '\t');
    std::string_view kind = cells.front();
    if (kind == "version" && cells.size() == 2) {
      if (!version.empty()) fail("a second version row");
      version = cells[1];
    } else if (kind == "tactic" && cells.size() == 3) {
      tactics.push_back({std::string(cells[1]), std::string(cells[2])});
    } else if (kind == "technique" && cells.size() == 6) {
      Technique technique;
      technique.id = cells[1];
      technique.name = cells[2];
      technique.parent_id = cells[3];
      technique.description = cells[5];
      for (std::string_view tactic_id : split(cells[4], ',')) {
        auto it = std::find_if(tactics.begin(), tactics.end(),
                               [&](const Tactic& tactic) { return tactic.id == tactic_id; });
        if (it == tactics.end()) fail(fmt::format("unknown tactic '{}'", tactic_id));
        technique.tactic_indices.push_back(static_cast<std::size_t>(it - tactics.begin()));
      }
      techniques.push_back(std::move(technique));
    } else {
      fail(fmt::format("unexpected row '{}' with {} columns", kind, cells.size()));
    }
  }
  if (version.empty()) fail("no version row");
  try {
    return AtlasCatalog(std::move(version), std::move(tactics), std::move(techniques));
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(fmt::format("ATLAS catalog: {}", error.what()));
  }
}

}  // namespace sigil::atlas
