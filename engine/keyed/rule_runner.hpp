#pragma once
// What the keyed stage runs for one stateful rule in one shard: a window, a new-terms check or a
// sequence (window_runner.hpp, new_terms_runner.hpp, sequence_runner.hpp). The StatefulRuntime
// owns one runner per rule per shard and hands it the rule's work in input order.
// Not thread-safe: a shard owns its runners.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/eval/rule_graph.hpp"
#include "engine/keyed/stored_event.hpp"
#include "engine/run/keyed_processor.hpp"
#include "engine/state/snapshot.hpp"

namespace sigil::keyed {

// An alert a runner raises, before rendering.
struct RaisedAlert {
  std::uint64_t event_index = 0;  // in the current batch (its size for watermark-driven alerts)
  std::vector<const StoredEvent*> evidence;  // oldest first; the first names session/user
  std::uint64_t contributing = 0;            // events in all (evidence is bounded)
  std::vector<std::pair<std::string, double>> values;  // aggregates that crossed the threshold
  std::string detail;                        // sequences: "inject -> fetch -> act"
  std::vector<std::pair<std::string, std::string>> bindings;  // sequences: bound values
  std::uint64_t suppress_key = 0;
};

// Renders raised alerts into a shard's output (StatefulRuntime implements it).
class AlertRaiser {
 public:
  virtual ~AlertRaiser() = default;
  virtual void raise(const eval::StatefulRule& rule, const RaisedAlert& alert, KeyedAlerts& out) = 0;
};

// One unit of work for a runner: the live event, the state key and the fields to keep as evidence.
struct RunnerInput {
  const Event& event;
  std::uint64_t event_index;
  std::uint64_t key;
  std::uint32_t step;
  std::span<const FieldId> evidence_fields;
  std::uint64_t suppress_key;
};

class RuleRunner {
 public:
  virtual ~RuleRunner() = default;
  virtual void process(const RunnerInput& input, AlertRaiser& sink, KeyedAlerts& out) = 0;
  // Time has moved to `watermark` (end of a batch): close windows and spans that are due.
  virtual void advance(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) = 0;
  // Snapshot of the runner's state (engine/state/snapshot.hpp); read_from replaces the state and
  // returns false (the reader holds the error) on corrupt input.
  virtual void write_to(state::Writer& w) const = 0;
  virtual bool read_from(state::Reader& r, std::size_t source_count) = 0;
  virtual std::size_t keys() const = 0;
  virtual std::uint64_t evicted() const = 0;
  virtual std::size_t memory_bytes() const = 0;
  // The memory cap (StatefulRuntime): bytes it compares, O(1) -- memory_bytes() without unused
  // table capacity; the activity time of the least recently active key (or term), INT64_MAX
  // when there is none; and its eviction (counted in evicted()), false when there is none.
  virtual std::size_t live_bytes() const = 0;
  virtual std::int64_t oldest_activity() const = 0;
  virtual bool evict_oldest() = 0;
};

}  // namespace sigil::keyed
