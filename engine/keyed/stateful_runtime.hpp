#pragma once
// The KeyedProcessor that runs the stateful rules of a RuleGraph: routes each event whose
// trigger holds to the shard of its state key, and runs there, per rule, a WindowRunner, a
// NewTermsRunner or a SequenceRunner; renders what they raise as alerts.
//
// Thread safety: route() is const and reentrant (per-thread scratch); process()/advance() are
// called for one shard at a time per shard (see keyed_processor.hpp); finish() alone.

#include <atomic>
#include <memory>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/eval/rule_graph.hpp"
#include "engine/keyed/rule_runner.hpp"
#include "engine/run/keyed_processor.hpp"

namespace sigil::keyed {

struct StateLimits {
  std::size_t shards = 64;                   // constant: results never depend on --threads
  std::int64_t lateness_ns = 30'000'000'000; // must equal the pipeline's lateness
  std::size_t max_keys_per_rule = 1u << 20;  // over all shards; least recently active evicted
  std::size_t max_terms_per_key = 4096;      // new terms: values remembered per key
  // Memory cap over all rules and shards (engine-accounted bytes, README.md): each shard may
  // hold max_memory_bytes / shards; beyond that its least recently active keys (of any rule)
  // are evicted, counted per rule. 0: no cap.
  std::size_t max_memory_bytes = std::size_t{1} << 30;
};

struct StateStats {
  std::size_t keys = 0;
  std::uint64_t evicted = 0;
  std::size_t memory_bytes = 0;
  std::vector<std::uint64_t> evicted_per_rule;  // by stateful rule (RuleGraph::stateful order)
  std::vector<std::size_t> keys_per_rule;       // by stateful rule
  std::vector<std::size_t> bytes_per_rule;      // by stateful rule: memory_bytes
  // Alerts a runner raised without any stored evidence event (nothing to render them from):
  // dropped. An internal error; print_evicted_by_rule() reports it when not 0.
  std::uint64_t alerts_without_evidence = 0;
};

class StatefulRuntime final : public KeyedProcessor, private AlertRaiser {
 public:
  // `redactor` (may be null; outlives the runtime) masks the alerts it renders (`sigil run --redact`).
  StatefulRuntime(const eval::RuleGraph& graph, const SourceTable& sources, AlertFormat format, StateLimits limits,
                  const Redactor* redactor = nullptr);
  ~StatefulRuntime() override;

  std::size_t shard_count() const override { return limits_.shards; }
  bool route(const Event& event, std::uint32_t event_index, eval::Evaluator* evaluator,
             RoutedWork& out) const override;
  void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
               KeyedAlerts& out) override;
  void advance(std::size_t shard, std::int64_t watermark_ns, std::uint64_t event_index, KeyedAlerts& out) override;
  void finish(KeyedAlerts& out) override;

  StateStats stats() const;
  // What the memory cap compares, over every shard (StateLimits::max_memory_bytes).
  std::size_t live_bytes() const;
  // Replaces StateLimits::max_memory_bytes (PartitionedRuntime shares one budget among its
  // partitions). Not concurrent with process()/advance().
  void set_memory_budget(std::size_t bytes);
  // For `sigil test`: the furthest step any instance of a sequence rule reached (0 otherwise).
  std::uint32_t sequence_max_reached(std::size_t stateful) const;

  // The state of every shard (or of one), to hand over to another process (Kafka rebalance) or
  // to restart from. A snapshot names the rule set it belongs to (a fingerprint of the rules
  // and fields), so it is refused by a process running other rules.
  std::string snapshot() const;
  std::string snapshot_shard(std::size_t shard) const;
  // Replaces the state with a snapshot's. Returns an error text, empty on success; on error the
  // state is cleared (a partial restore would raise wrong alerts).
  std::string restore(std::string_view snapshot);
  bool empty() const { return graph_.stateful.empty(); }

 private:
  void raise(const eval::StatefulRule& rule, const RaisedAlert& alert, KeyedAlerts& out) override;
  void build_runners();  // fresh, empty state
  void recount(std::size_t shard);
  void enforce_budget(std::size_t shard);
  std::string restore_or_fail(std::string_view snapshot);

  const eval::RuleGraph& graph_;
  const SourceTable& sources_;
  AlertFormat format_;
  const Redactor* redactor_;
  StateLimits limits_;
  std::vector<std::vector<std::unique_ptr<RuleRunner>>> shards_;  // [shard][stateful rule]
  struct alignas(64) ShardBytes {
    std::size_t live = 0;  // sum of the shard's runners' live_bytes()
  };
  std::vector<ShardBytes> shard_bytes_;
  std::size_t shard_budget_ = 0;  // 0: no cap
  std::atomic<std::uint64_t> alerts_without_evidence_{0};  // raise() runs on every shard's thread
};

}  // namespace sigil::keyed
