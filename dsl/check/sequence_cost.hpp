#pragma once
// The static state bound of a checked sequence, and the check against it (W-STATE-LARGE,
// E-STATE-TOO-LARGE). How the runtime keeps partial matches (engine/keyed/sequence_runner.hpp):
// per key, at most one pending match per present step (the newer replaces the older), each holding
// at most kEvidencePerMatch evidence events and the values bound so far. A repeated step keeps a
// count, not its events, so `[1..10000]` costs nothing here; `within` decides how long a key lives,
// and `--max-keys` how many keys there are. So per key a sequence holds at most
//
//   held = sum over present steps s of (kEvidencePerMatch + bindings bound at or before s)
//
// values, each at most one event (`--max-event-bytes`), and bindings are the only part the rule
// can grow without limit (steps are capped at kMaxSteps). Docs: docs/rule-checks.md.

#include <cstddef>

#include "dsl/check/checked_stateful.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::check {

// Evidence events one pending match keeps (engine: 2 * keyed::EvidenceLog::kKeep; a static_assert in
// tests/dsl/check_sequence_cost_test.cpp keeps them equal).
inline constexpr std::size_t kEvidencePerMatch = 6;
// Values held per key above which a sequence is a warning, and above which it is refused.
inline constexpr std::size_t kStateWarnValues = 128;
inline constexpr std::size_t kStateMaxValues = 512;

struct SequenceCost {
  std::size_t present_steps = 0;   // pending matches per key, at most
  std::size_t bound_values = 0;    // bound values held per key, summed over the pending matches
  std::size_t held_values = 0;     // present_steps * kEvidencePerMatch + bound_values
};

SequenceCost sequence_cost(const CheckedSequence& sequence);

// Reports W-STATE-LARGE above kStateWarnValues, E-STATE-TOO-LARGE above kStateMaxValues, at the
// `sequence` keyword, with the binding that costs most as a note. Returns false on the error.
bool check_sequence_cost(const CheckedSequence& sequence, const syntax::SequenceStmt& written,
                         Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
