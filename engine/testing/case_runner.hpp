#pragma once
// Runs one TestCase on a FRESH engine built exactly as `sigil run` builds it: the case's events
// go through an in-memory Source into a Pipeline over the compiled RuleGraph, with a
// StatefulRuntime when the graph has stateful rules (same lateness for the pipeline's watermark
// and the runtime), and the alerts are read back from the AlertSink. There is no separate
// evaluator: what `sigil test` says is what `sigil run` would do on the same events.
//
// A thin KeyedProcessor in front of the runtime forwards everything, and meanwhile records, with
// the pipeline's own Evaluator, which selections of which rules held (coverage) and which
// sequence steps matched; with `end_of_input: false` it withholds the runtime's finish().
//
// Thread safety: run_case() may be called concurrently on one graph (each call builds its own
// pipeline and runtime).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/eval/rule_graph.hpp"
#include "engine/testing/test_case.hpp"

namespace sigil::testing {

// The source name of a case's events: an event without `event.id` is "event:N" in alerts
// (N: its 1-based position in the case).
inline constexpr const char* kEventSourceName = "event";

// The parts of an alert line that cases can expect.
struct ObservedAlert {
  std::string rule_id;
  std::string time;
  std::string severity;
  std::string message;
  std::vector<std::string> atlas;
  std::vector<std::string> evidence;  // event ids
  std::vector<std::pair<std::string, std::optional<double>>> aggregates;  // null: not finite
  std::optional<std::string> sequence;
  std::vector<std::pair<std::string, std::string>> bindings;
  std::uint64_t suppressed = 0;
};

// How far a sequence rule of the case got.
struct SequenceProgress {
  std::string rule_id;
  std::vector<std::string> steps;         // names in order; absent steps as "!name"
  std::optional<std::uint32_t> reached;   // furthest step index an instance reached; none: no step
  bool exact = false;  // from the runtime's SequenceRunner; else estimated from the step conditions
};

struct CaseRun {
  std::vector<ObservedAlert> alerts;  // of the case's rules, in output order
  std::uint64_t other_alerts = 0;     // of rules the case does not name
  std::uint64_t late = 0;             // events dropped by the keyed stage as late
  std::vector<std::string> rejected;  // other dead letters: "reason: message"
  std::vector<SequenceProgress> sequences;          // the case's sequence rules
  std::vector<std::vector<bool>> selections_held;   // [graph rule][selection]: held for an event
};

CaseRun run_case(const eval::RuleGraph& graph, const TestCase& test);

}  // namespace sigil::testing
