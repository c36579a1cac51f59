#include "engine/cli/run_summary.hpp"

#include <cstdio>

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

void print_run_summary(const PipelineStats& stats, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(stats.records) / seconds : 0.0;
  double mbps = seconds > 0 ? static_cast<double>(stats.bytes) / seconds / 1e6 : 0.0;
  fmt::print(stderr, "sigil run: {} records in {:.3f} s ({:.0f} events/s, {:.1f} MB/s)\n", stats.records, seconds,
             rate, mbps);
  fmt::print(stderr, "  accepted        {}\n", stats.accepted);
  fmt::print(stderr, "  dead-lettered   {}\n", stats.rejected_total());
  for (std::size_t i = 0; i < kRejectReasonCount; ++i)
    if (stats.rejected[i] != 0) fmt::print(stderr, "    {:<28}{}\n", kRejectReasonCodes[i], stats.rejected[i]);
  if (stats.blank_lines != 0) fmt::print(stderr, "  blank lines     {} (skipped)\n", stats.blank_lines);
}

}  // namespace sigil::cli
