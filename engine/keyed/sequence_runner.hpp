#pragma once
// `sequence by KEYS within D { steps } until ...` for one rule in one shard. Per key, at most one
// pending instance per step (the newer replaces the older, as in EQL): an instance remembers the
// last present step it matched, how often (repetition), the values it bound and its evidence.
// Absent steps cancel the instances they stand after; an absent last step makes a completed
// instance wait for its span to close (fired by advance()); an absent first step suppresses
// starts within the span after it. Semantics: docs/rule-language.md.
// Not thread-safe (a shard owns it).

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/keyed/evidence_log.hpp"
#include "engine/keyed/rule_runner.hpp"
#include "engine/state/key_table.hpp"

namespace sigil::keyed {

class SequenceRunner final : public RuleRunner {
 public:
  SequenceRunner(const eval::StatefulRule& rule, const FieldPlan& plan, std::int64_t lateness, std::size_t max_keys);

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
  // The furthest step any instance reached (for `sigil test` when a sequence did not fire).
  std::uint32_t max_reached() const { return max_reached_; }

 private:
  struct Binding {
    std::string text;
    bool bound = false;
  };
  struct Instance {
    std::int64_t start = 0;            // time of the first step's event
    std::uint64_t suppress_key = 0;
    std::uint64_t trail = 0;           // present steps matched, as bits (steps only move forward)
    std::uint32_t count = 0;           // matches of the instance's current step
    bool active = false;
    bool waiting = false;              // complete, waiting for an absent last step's span to close
    std::unique_ptr<Binding[]> bindings;  // by binding index; null when the rule binds nothing
    EvidenceLog evidence;
  };
  struct KeyState {
    std::vector<Instance> at;          // at[s]: the pending instance whose last present step is s
    std::int64_t last_absent_first = std::numeric_limits<std::int64_t>::min();
    std::uint32_t binding_count = 0;   // the rule's (for heap_bytes)

    std::size_t heap_bytes() const;    // heap owned, with the allocator's per-block overhead
  };

  void update(KeyState& state, const RunnerInput& input, AlertRaiser& sink, KeyedAlerts& out);
  std::uint32_t next_present(std::uint32_t step) const;
  bool in_span(const Instance& instance, std::int64_t time) const;
  bool bound_tests_hold(const eval::StepSpec& step, const Instance& instance, const Event& event) const;
  void capture(const eval::StepSpec& step, Instance& instance, const Event& event) const;
  void on_absent_step(KeyState& state, std::uint32_t step, const Event& event);
  void complete_or_wait(KeyState& state, std::uint32_t step, std::uint64_t event_index, AlertRaiser& sink,
                        KeyedAlerts& out);
  void raise(const Instance& instance, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out);
  // Ends every instance whose span the watermark has closed; sets next_close_.
  void close_spans(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out);
  std::int64_t span_closes_at(std::int64_t start) const;  // the first watermark that closes it

  const eval::StatefulRule& rule_;
  const eval::SequenceSpec& spec_;
  const FieldPlan* plan_;
  state::KeyTable<KeyState> keys_;
  std::uint32_t first_present_ = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t last_present_ = 0;
  std::uint32_t max_reached_ = 0;
  // No pending instance's span closes before this watermark (a lower bound: instances that end
  // otherwise leave it low, and the next scan raises it), so advance() visits the keys only when
  // a span can have closed, not on every batch.
  std::int64_t next_close_ = std::numeric_limits<std::int64_t>::max();
};

}  // namespace sigil::keyed
