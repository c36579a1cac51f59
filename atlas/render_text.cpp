// The text answers of `sigil atlas`: aligned columns for people reading a terminal.
#include <algorithm>

#include <fmt/format.h>

#include "atlas/render.hpp"

namespace sigil::atlas {
namespace {

constexpr std::size_t kLabelWidth = 16;
constexpr std::size_t kIdWidth = 13;  // "AML.T0051.001"

// "  label           first line" and further lines under the first one.
void field(std::string& out, std::string_view label, const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "  {:<{}}{}\n", i == 0 ? label : "", kLabelWidth,
                   lines[i]);
  }
}

std::string tactic_names(const AtlasCatalog& catalog, const Technique& technique) {
  std::string names;
  for (std::size_t index : technique.tactic_indices) {
    if (!names.empty()) names += ", ";
    names += catalog.tactics()[index].name;
  }
  return names;
}

}  // namespace

void render_tactic_table_text(const AtlasCatalog& catalog, std::string& out) {
  auto techniques = catalog.techniques();
  auto subs = std::count_if(techniques.begin(), techniques.end(),
                            [](const Technique& t) { return t.is_sub_technique(); });
  auto it = std::back_inserter(out);
  fmt::format_to(it, "MITRE ATLAS {}: {} tactics, {} techniques ({} top-level, {} sub-techniques)\n\n",
                 catalog.version(), catalog.tactics().size(), techniques.size(),
                 techniques.size() - static_cast<std::size_t>(subs), subs);
  fmt::format_to(it, "{:<12}{:<22}{:>10}{:>16}\n", "ID", "TACTIC", "TECHNIQUES", "SUB-TECHNIQUES");
  std::vector<TacticCount> counts = count_by_tactic(catalog);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const Tactic& tactic = catalog.tactics()[i];
    fmt::format_to(it, "{:<12}{:<22}{:>10}{:>16}\n", tactic.id, tactic.name, counts[i].top_level,
                   counts[i].sub_techniques);
  }
  out += "\nA technique counts under each of its tactics. "
         "`sigil atlas <id>` shows one entry; `sigil atlas <words>` searches names.\n";
}

void render_technique_text(const AtlasCatalog& catalog, const Technique& technique,
                           std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}  {}\n", technique.id, technique.display_name);
  if (technique.is_sub_technique()) {
    field(out, "name", {technique.name});
    field(out, "parent", {fmt::format("{:<{}}  {}", technique.parent_id, kIdWidth, technique.parent_name)});
  }
  std::vector<std::string> lines;
  for (std::size_t index : technique.tactic_indices) {
    const Tactic& tactic = catalog.tactics()[index];
    lines.push_back(fmt::format("{:<{}}  {}", tactic.id, kIdWidth, tactic.name));
  }
  field(out, "tactics", lines);
  lines.clear();
  for (const Technique& sub : catalog.sub_techniques(technique)) {
    lines.push_back(fmt::format("{:<{}}  {}", sub.id, kIdWidth, sub.name));
  }
  field(out, "sub-techniques", lines);
  if (!technique.description.empty()) field(out, "description", {technique.description});
  field(out, "ATLAS data", {std::string(catalog.version())});
}

void render_tactic_text(const AtlasCatalog& catalog, const Tactic& tactic, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}  {}\n", tactic.id, tactic.name);
  std::vector<std::string> lines;
  for (const Technique* technique : techniques_of_tactic(catalog, tactic)) {
    lines.push_back(fmt::format("{:<{}}  {}", technique->id, kIdWidth, technique->display_name));
  }
  field(out, "techniques", lines);
  field(out, "ATLAS data", {std::string(catalog.version())});
}

void render_matches_text(const AtlasCatalog& catalog, const std::vector<const Technique*>& matches,
                         std::string& out) {
  std::size_t name_width = 0;
  for (const Technique* technique : matches) {
    name_width = std::max(name_width, technique->display_name.size());
  }
  for (const Technique* technique : matches) {
    fmt::format_to(std::back_inserter(out), "{:<{}}  {:<{}}  {}\n", technique->id, kIdWidth,
                   technique->display_name, name_width, tactic_names(catalog, *technique));
  }
}

}  // namespace sigil::atlas
