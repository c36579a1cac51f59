// The coverage tables for people: aligned text for a terminal, and Markdown for documents.
// Both show every technique of every tactic (uncovered ones with 0), so gaps are visible.
#include <iterator>

#include <fmt/format.h>

#include "atlas/coverage_render.hpp"

namespace sigil::atlas {
namespace {

constexpr std::size_t kIdWidth = 17;      // "  AML.T0051.001" with room
constexpr std::size_t kTacticWidth = 22;  // "Command and Control"

bool has_sub_techniques(const Coverage& coverage, const Technique& technique) {
  return !coverage.catalog->sub_techniques(technique).empty();
}

std::string ratio(const CoveredCount& count) { return fmt::format("{}/{}", count.covered, count.total); }

std::string rules_phrase(const Coverage& coverage) {
  return fmt::format("{} rule{}, {} tagging no technique", coverage.rules,
                     coverage.rules == 1 ? "" : "s", coverage.untagged_rules);
}

// The count in the "in sub-techniques" column: empty for a sub-technique, "-" for a technique
// without sub-techniques.
std::string sub_column(const Coverage& coverage, const TechniqueCoverage& entry, std::string_view none) {
  if (entry.technique->is_sub_technique()) return "";
  if (!has_sub_techniques(coverage, *entry.technique)) return std::string(none);
  return std::to_string(entry.sub_technique_rules);
}

// Markdown cells may not contain a bare '|'.
std::string cell(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

void render_coverage_table(const Coverage& coverage, std::string& out) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "MITRE ATLAS {} coverage: {}\n", coverage.catalog->version(), rules_phrase(coverage));
  for (const TacticCoverage& tactic : coverage.tactics) {
    fmt::format_to(it, "\n{} ({})\n", tactic.tactic->name, tactic.tactic->id);
    fmt::format_to(it, "  {:<{}}{:>5}{:>19}  {}\n", "TECHNIQUE", kIdWidth, "RULES", "IN SUB-TECHNIQUES", "NAME");
    for (std::size_t row : tactic.rows) {
      const TechniqueCoverage& entry = coverage.techniques[row];
      const Technique& technique = *entry.technique;
      bool sub = technique.is_sub_technique();
      fmt::format_to(it, "  {:<{}}{:>5}{:>19}  {}{}\n", (sub ? "  " : "") + technique.id, kIdWidth,
                     entry.rules.size(), sub_column(coverage, entry, "-"), sub ? "  " : "", technique.name);
    }
  }
  fmt::format_to(it, "\n{:<{}}{:>12}{:>16}\n", "COVERED", kTacticWidth, "TECHNIQUES", "SUB-TECHNIQUES");
  for (const TacticCoverage& tactic : coverage.tactics) {
    fmt::format_to(it, "{:<{}}{:>12}{:>16}\n", tactic.tactic->name, kTacticWidth, ratio(tactic.techniques),
                   ratio(tactic.sub_techniques));
  }
  fmt::format_to(it, "{:<{}}{:>12}{:>16}\n", "All tactics", kTacticWidth, ratio(coverage.all_techniques),
                 ratio(coverage.all_sub_techniques));
  out += "\nA rule counts for the techniques it tags, as written; a technique listed under several\n"
         "tactics counts once in \"All tactics\".\n";
}

void render_coverage_markdown(const Coverage& coverage, std::string& out) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "MITRE ATLAS {} coverage: {}.\n\n", coverage.catalog->version(), rules_phrase(coverage));
  out += "| tactic | techniques covered | sub-techniques covered |\n|---|---:|---:|\n";
  for (const TacticCoverage& tactic : coverage.tactics) {
    fmt::format_to(it, "| {} ({}) | {} | {} |\n", cell(tactic.tactic->name), tactic.tactic->id,
                   ratio(tactic.techniques), ratio(tactic.sub_techniques));
  }
  fmt::format_to(it, "| all tactics (each technique once) | {} | {} |\n\n", ratio(coverage.all_techniques),
                 ratio(coverage.all_sub_techniques));
  out += "| tactic | technique | name | rules | rules of its sub-techniques |\n|---|---|---|---:|---:|\n";
  for (const TacticCoverage& tactic : coverage.tactics) {
    bool first = true;
    for (std::size_t row : tactic.rows) {
      const TechniqueCoverage& entry = coverage.techniques[row];
      fmt::format_to(it, "| {} | {} | {} | {} | {} |\n", first ? cell(tactic.tactic->name) : "",
                     entry.technique->id, cell(entry.technique->display_name), entry.rules.size(),
                     sub_column(coverage, entry, ""));
      first = false;
    }
  }
}

}  // namespace sigil::atlas
