#include "dsl/check/sequence_cost.hpp"

#include <fmt/format.h>

namespace sigil::dsl::check {

SequenceCost sequence_cost(const CheckedSequence& sequence) {
  SequenceCost cost;
  std::size_t bound_so_far = 0;
  for (const CheckedStep& step : sequence.steps) {
    if (step.absent) continue;  // absent steps match no event and bind nothing: no pending match
    bound_so_far += step.binds.size();
    ++cost.present_steps;
    cost.bound_values += bound_so_far;
  }
  cost.held_values = cost.present_steps * kEvidencePerMatch + cost.bound_values;
  return cost;
}

bool check_sequence_cost(const CheckedSequence& sequence, const syntax::SequenceStmt& written,
                         Diagnostics& diagnostics) {
  const SequenceCost cost = sequence_cost(sequence);
  if (cost.held_values <= kStateWarnValues) return true;
  const bool refuse = cost.held_values > kStateMaxValues;
  SourceSpan at = written.span;
  at.length = 8;  // `sequence`
  std::string message = fmt::format(
      "the pending matches of this sequence can hold up to {} values per key ({} present steps x {} evidence events, "
      "plus {} bound values kept while later steps are pending); the {} is {}",
      cost.held_values, cost.present_steps, kEvidencePerMatch, cost.bound_values, refuse ? "limit" : "warning limit",
      refuse ? kStateMaxValues : kStateWarnValues);
  Diagnostic& d = refuse ? diagnostics.error("E-STATE-TOO-LARGE", at, std::move(message))
                         : diagnostics.warning("W-STATE-LARGE", at, std::move(message));
  // The binding held longest: the first bound, in the earliest present step.
  std::size_t pending_after = cost.present_steps;
  for (std::size_t i = 0; i < sequence.steps.size(); ++i) {
    const CheckedStep& step = sequence.steps[i];
    if (step.absent) continue;
    if (!step.binds.empty()) {
      const CheckedBinding& binding = sequence.bindings[step.binds.front()];
      d.related.push_back({binding.span, fmt::format("bound here: held by up to {} pending matches per key",
                                                     pending_after)});
      break;
    }
    --pending_after;
  }
  d.hints.push_back("bind fewer values, or bind each as late as it can be: a value bound at step k is held by the "
                    "pending matches of every step from k on");
  d.hints.push_back(fmt::format("each value is at most one event (--max-event-bytes, 1 MiB by default): up to {} MiB "
                                "per key, for up to --max-keys keys; split the sequence into two rules to shrink it",
                                cost.held_values));
  return !refuse;
}

}  // namespace sigil::dsl::check
