#pragma once
// One summary line for `sigil run` (file and Kafka mode): the keys evicted per stateful rule
// (--max-keys, --max-state-memory), when any were; alerts dropped without evidence (an internal
// error), when any were; with SIGIL_STATE_BY_RULE=1 in the environment,
// keys and engine-accounted bytes per rule (a diagnostic, engine/keyed/README.md).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/core.h>

#include "engine/eval/rule_graph.hpp"
#include "engine/keyed/stateful_runtime.hpp"

namespace sigil::keyed {

inline void print_evicted_by_rule(std::FILE* out, const StateStats& stats, const eval::RuleGraph& graph) {
  std::string line;
  for (std::size_t i = 0; i < stats.evicted_per_rule.size() && i < graph.stateful.size(); ++i) {
    if (stats.evicted_per_rule[i] == 0) continue;
    line += fmt::format("{}{} {}", line.empty() ? "" : ", ", graph.rules[graph.stateful[i].rule].info.id,
                        stats.evicted_per_rule[i]);
  }
  if (!line.empty()) fmt::print(out, "  evicted by rule {}\n", line);
  if (stats.alerts_without_evidence != 0)
    fmt::print(out, "  internal error: {} stateful alert(s) dropped for want of evidence events\n",
               stats.alerts_without_evidence);
  if (std::getenv("SIGIL_STATE_BY_RULE"))
    for (std::size_t i = 0; i < stats.keys_per_rule.size(); ++i)
      fmt::print(out, "  state of {}: {} keys, {} bytes ({:.0f} per key)\n", graph.rules[graph.stateful[i].rule].info.id,
                 stats.keys_per_rule[i], stats.bytes_per_rule[i],
                 stats.keys_per_rule[i] ? double(stats.bytes_per_rule[i]) / double(stats.keys_per_rule[i]) : 0.0);
}

}  // namespace sigil::keyed
