#pragma once
// `new FIELD by KEYS within H` for one rule in one shard: raises an alert for an event whose
// value has not been seen for its key within the last H (every value of a multi-valued field is
// checked). Not thread-safe (a shard owns it).

#include "engine/keyed/rule_runner.hpp"
#include "engine/state/new_terms.hpp"

namespace sigil::keyed {

class NewTermsRunner final : public RuleRunner {
 public:
  NewTermsRunner(const eval::StatefulRule& rule, const FieldPlan& plan, std::size_t max_per_key, std::size_t max_total)
      : rule_(rule), spec_(*rule.new_terms), plan_(&plan), tracker_(max_per_key, max_total) {}

  void process(const RunnerInput& input, AlertRaiser& sink, KeyedAlerts& out) override;
  void advance(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) override;
  void write_to(state::Writer& w) const override { tracker_.write_to(w); }
  bool read_from(state::Reader& r, std::size_t) override { return tracker_.read_from(r); }
  std::size_t keys() const override { return tracker_.keys(); }
  std::uint64_t evicted() const override { return tracker_.evicted_per_key() + tracker_.evicted_total(); }
  std::size_t memory_bytes() const override { return tracker_.memory_bytes(); }
  std::size_t live_bytes() const override { return tracker_.live_bytes(); }
  std::int64_t oldest_activity() const override { return tracker_.oldest_activity(); }
  bool evict_oldest() override { return tracker_.evict_oldest(); }

 private:
  const eval::StatefulRule& rule_;
  const eval::NewTermsSpec& spec_;
  const FieldPlan* plan_;
  state::NewTermsTracker tracker_;
};

}  // namespace sigil::keyed
