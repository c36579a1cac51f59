#pragma once
// `window ... aggregate ... having ...` for one rule in one shard: per key, the aggregates over a
// sliding window (judged at each event; one crossing raises one alert and empties the window) or
// over tumbling buckets (judged when the watermark closes them), with EWMA baselines of each
// aggregate that `baseline()` / `zscore()` read. Semantics: docs/rule-language.md.
// Not thread-safe (a shard owns it).

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "engine/keyed/evidence_log.hpp"
#include "engine/keyed/key_aggregates.hpp"
#include "engine/keyed/rule_runner.hpp"
#include "engine/state/baseline_tracker.hpp"
#include "engine/state/key_table.hpp"
#include "engine/state/sliding_aggregate.hpp"
#include "engine/state/sliding_count.hpp"
#include "engine/state/sliding_distinct.hpp"
#include "engine/state/tumbling_aggregate.hpp"

namespace sigil::keyed {

class WindowRunner final : public RuleRunner {
 public:
  WindowRunner(const eval::StatefulRule& rule, const FieldPlan& plan, std::int64_t lateness, std::size_t max_keys);

  void process(const RunnerInput& input, AlertRaiser& sink, KeyedAlerts& out) override;
  void advance(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) override;
  void write_to(state::Writer& w) const override;
  bool read_from(state::Reader& r, std::size_t source_count) override;
  std::size_t keys() const override { return keys_.size(); }
  std::uint64_t evicted() const override { return keys_.evicted(); }
  std::size_t memory_bytes() const override { return keys_.memory_bytes(); }
  std::size_t live_bytes() const override { return keys_.live_bytes(); }
  std::int64_t oldest_activity() const override {
    return keys_.size() == 0 ? std::numeric_limits<std::int64_t>::max() : keys_.oldest_activity();
  }
  bool evict_oldest() override { return keys_.evict_oldest(); }

 private:
  // Per key. A sliding `count()` reads `arrivals` (it counts the same events); other sliding
  // aggregates have a SlidingAggregate per field (shared by sum/avg/min/max/percentiles of that
  // field; extremes only if min or max is read) or a SlidingDistinct, at slot_[aggregate], and
  // the aggregates with a baseline a BaselineTracker at baseline_slot_[aggregate], all in one
  // exactly sized block (KeyAggregates; none for a count-only rule); tumbling windows a
  // TumblingAggregate per aggregate and their evidence per open bucket, behind one pointer.
  struct Tumbling {
    std::vector<state::TumblingAggregate> aggregates;                   // per aggregate
    std::vector<std::pair<std::int64_t, EvidenceLog>> bucket_evidence;  // per open bucket
  };
  struct KeyState {
    state::SlidingCount arrivals{1};     // sliding: the events in the window
    RecentEvents recent;                 // sliding: evidence
    std::uint64_t suppress_key = 0;
    KeyAggregates aggregates;            // sliding aggregates, distincts, baselines
    std::unique_ptr<Tumbling> tumbling;  // tumbling windows only
    bool initialized = false;

    std::size_t heap_bytes() const;  // heap owned, with the allocator's per-block overhead
  };

  static std::int64_t longest_horizon(const eval::WindowSpec& spec);
  const state::BaselineTracker* baseline(const KeyState& s, std::size_t i) const {
    return baseline_slot_[i] == kNoSlot ? nullptr : &s.aggregates.baselines()[baseline_slot_[i]];
  }
  state::BaselineTracker* baseline(KeyState& s, std::size_t i) const {
    return baseline_slot_[i] == kNoSlot ? nullptr : &s.aggregates.baselines()[baseline_slot_[i]];
  }
  void init(KeyState& state) const;
  void update(KeyState& state, const RunnerInput& input, AlertRaiser& sink, KeyedAlerts& out);
  void sliding_values(const KeyState& state, std::vector<double>& out);
  double evaluate(const eval::ArithNode& node, const std::vector<double>& values, const KeyState& state) const;
  bool holds(const eval::HavingNode& node, const std::vector<double>& values, const KeyState& state) const;
  void raise(const KeyState& state, std::vector<const StoredEvent*> evidence, std::uint64_t contributing,
             std::uint64_t event_index, const std::vector<double>& values, AlertRaiser& sink, KeyedAlerts& out);
  void close_tumbling(KeyState& state, std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink,
                      KeyedAlerts& out);
  // aggregate.add(), keeping next_bucket_close_ a lower bound.
  void add_tumbling(state::TumblingAggregate& aggregate, std::int64_t t, double value, std::uint64_t hash);

  const eval::StatefulRule& rule_;
  const eval::WindowSpec& spec_;
  const FieldPlan* plan_;
  state::KeyTable<KeyState> keys_;
  std::int64_t lateness_;
  std::vector<std::uint32_t> slot_;  // per aggregate: its index in KeyState::sliding or ::distinct
  std::vector<bool> feeds_;          // per aggregate: it adds to (and snapshots) its slot
  std::vector<bool> sliding_extremes_;  // per sliding slot: min or max is read
  std::size_t sliding_count_ = 0, distinct_count_ = 0;
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
  std::vector<std::uint32_t> baseline_slot_;  // per aggregate: its index in KeyState::baselines, or kNoSlot
  std::size_t baseline_count_ = 0;
  std::vector<std::uint32_t> baseline_aggregate_;  // per baseline slot: its aggregate
  std::vector<double> values_;   // scratch
  std::vector<double> scratch_;  // percentile scratch
  // Tumbling: no open bucket of any key closes before this watermark (a lower bound, raised by
  // each scan), so advance() visits the keys only when a bucket can have closed.
  std::int64_t next_bucket_close_ = std::numeric_limits<std::int64_t>::max();
};

}  // namespace sigil::keyed
