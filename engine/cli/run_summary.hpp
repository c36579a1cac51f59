#pragma once
// What `sigil run` tells a person on stderr: a progress line while a long run goes on (only on a
// terminal), and a summary at the end. Never written to stdout, which carries alerts.

#include <chrono>

#include "engine/run/pipeline.hpp"

namespace sigil::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  // Redraws at most once a second.
  void update(const PipelineStats& stats, std::chrono::steady_clock::time_point started);
  // Erases the line, if one was drawn.
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// `rules` may be null (no rules loaded).
void print_run_summary(const PipelineStats& stats, double seconds, const eval::RuleGraph* rules);

}  // namespace sigil::cli
