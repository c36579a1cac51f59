#pragma once
// Runs a RuleGraph on events. One Evaluator per thread: it holds the per-event memo (which
// predicates and which field matchers already ran for the current event), so that a shared test
// runs once per event however many rules use it, and nothing is allocated once it has warmed up.
//
// Call order: evaluate(event, ...) for each event; evidence()/explain() only for the event last
// passed to evaluate() (they reuse its memo).

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/alert/alert_writer.hpp"
#include "engine/eval/rule_graph.hpp"
#include "engine/event/event.hpp"
#include "engine/match/match_ids.hpp"
#include "engine/match/time_parts.hpp"

namespace sigil::eval {

class Evaluator {
 public:
  explicit Evaluator(const RuleGraph& graph);

  // Calls on_match(rule_index) for every rule that fires on `event`, in rule order.
  template <typename OnMatch>
  void evaluate(const Event& event, OnMatch&& on_match) {
    begin(event);
    for (std::uint32_t rule : graph_->buckets[static_cast<std::size_t>(event.kind())])
      if (eval_node(graph_->rules[rule].root)) on_match(rule);
  }

  // Calls on_trigger(trigger) for every Trigger of the event's kind that holds (after evaluate()
  // on the same event, or on its own: it begins the event when `fresh`).
  template <typename OnTrigger>
  void evaluate_triggers(const Event& event, OnTrigger&& on_trigger, bool fresh) {
    if (fresh) begin(event);
    for (const Trigger& trigger : graph_->triggers[static_cast<std::size_t>(event.kind())])
      if (eval_node(trigger.node)) on_trigger(trigger);
  }

  // Whether a node holds for the current event.
  bool holds(std::uint32_t node) { return eval_node(node); }

  // The fields the rule's condition looked at with the values that satisfied it (the matched
  // element for fields with several values; nullptr for an absent field a negated test wanted).
  void evidence(std::uint32_t rule, std::vector<EvidenceField>& out);
  // The same for any node (a sequence step's condition).
  void evidence_of_node(std::uint32_t node, std::vector<EvidenceField>& out) {
    out.clear();
    collect(node, out);
  }

  // Each selection and exception of the rule: whether it holds for the current event, and the
  // fields and values that make it hold.
  Explanation explain(std::uint32_t rule);

  const RuleGraph& graph() const { return *graph_; }

  // Counters for `sigil plan --profile` and benchmarks.
  std::uint64_t predicates_evaluated() const { return predicates_evaluated_; }

 private:
  void begin(const Event& event);
  bool eval_node(std::uint32_t node);
  bool eval_predicate(PredicateId id);
  bool base_test(const Predicate& p);  // before negation
  bool value_satisfies(const Predicate& p, const Value& v);
  void ensure_matched(std::uint32_t matchers_index);
  std::int64_t time_part(TimePart part);
  void collect(std::uint32_t node, std::vector<EvidenceField>& out);
  bool all_in_one_element(const Predicate& p, std::uint32_t matchers_index);
  void match_value(std::uint32_t matchers_index, std::string_view text, match::MatchIds& out);

  const RuleGraph* graph_;
  const Event* event_ = nullptr;
  std::uint32_t generation_ = 0;
  std::vector<std::uint32_t> predicate_stamp_;  // == generation_: result in predicate_result_
  std::vector<std::uint8_t> predicate_result_;
  std::vector<std::uint32_t> matcher_stamp_;    // == generation_: patterns of that field matched
  match::MatchIds matched_;                     // pattern ids matched in the current event
  match::MatchIds element_matched_;             // scratch: ids matched in one value
  std::vector<std::optional<match::RegexSet::Scratch>> regex_scratch_;  // [matchers index]: this thread's
  std::optional<match::TimeParts> time_parts_;
  std::uint64_t predicates_evaluated_ = 0;
};

}  // namespace sigil::eval
