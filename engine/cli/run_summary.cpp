#include "engine/cli/run_summary.hpp"

#include <cstdio>
#include <map>

#include "atlas/atlas_catalog.hpp"

#include <fmt/core.h>

namespace sigil::cli {

void ProgressLine::update(const PipelineStats& stats, std::chrono::steady_clock::time_point started) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - started).count();
  fmt::print(stderr, "\r\033[K  {} records, {} dead-lettered, {:.0f} events/s", stats.records,
             stats.rejected_total(), seconds > 0 ? static_cast<double>(stats.records) / seconds : 0.0);
  drawn_ = true;
}

void ProgressLine::clear() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
  drawn_ = false;
}

void print_run_summary(const PipelineStats& stats, double seconds, const eval::RuleGraph* rules) {
  double rate = seconds > 0 ? static_cast<double>(stats.records) / seconds : 0.0;
  double mbps = seconds > 0 ? static_cast<double>(stats.bytes) / seconds / 1e6 : 0.0;
  fmt::print(stderr, "sigil run: {} records in {:.3f} s ({:.0f} events/s, {:.1f} MB/s)\n", stats.records, seconds,
             rate, mbps);
  fmt::print(stderr, "  accepted        {}\n", stats.accepted);
  fmt::print(stderr, "  dead-lettered   {}\n", stats.rejected_total());
  for (std::size_t i = 0; i < kRejectReasonCount; ++i)
    if (stats.rejected[i] != 0) fmt::print(stderr, "    {:<28}{}\n", kRejectReasonCodes[i], stats.rejected[i]);
  if (stats.blank_lines != 0) fmt::print(stderr, "  blank lines     {} (skipped)\n", stats.blank_lines);
  if (!rules) return;
  fmt::print(stderr, "  alerts          {}", stats.alerts);
  if (stats.suppressed) fmt::print(stderr, " ({} more suppressed)", stats.suppressed);
  fmt::print(stderr, "\n");
  std::map<std::string_view, std::uint64_t> by_technique;
  for (std::size_t i = 0; i < rules->rules.size(); ++i) {
    if (stats.alerts_by_rule[i] == 0) continue;
    fmt::print(stderr, "    {:<44}{}\n", rules->rules[i].info.id, stats.alerts_by_rule[i]);
    for (const atlas::Technique* t : rules->rules[i].info.atlas) by_technique[t->id] += stats.alerts_by_rule[i];
  }
  if (by_technique.empty()) return;
  fmt::print(stderr, "  alerts by ATLAS technique\n");
  const auto& catalog = atlas::AtlasCatalog::builtin();
  for (const auto& [id, count] : by_technique)
    fmt::print(stderr, "    {:<14}{:<44}{}\n", id, catalog.find(id)->display_name, count);
}

}  // namespace sigil::cli
