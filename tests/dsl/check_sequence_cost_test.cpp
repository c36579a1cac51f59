// The static state bound of sequences (dsl/check/sequence_cost.hpp): the count, its limits, and
// that it agrees with what the runtime keeps (engine/keyed). Diagnostics' wording: golden
// tests/dsl/golden/check/state_cost.sigil.
#include <doctest/doctest.h>

#include <string>

#include "dsl/check/sequence_checker.hpp"
#include "dsl/check/sequence_cost.hpp"
#include "dsl/check_support.hpp"
#include "engine/keyed/evidence_log.hpp"

using namespace sigil::dsl::check;
using sigil::dsl::check::testing::check_text;

namespace {

// A sequence of `steps` prompt steps; the first binds `first_binds` values, the last `last_binds`.
std::string sequence_rule(int steps, int first_binds, int last_binds = 0, bool absent_second = false) {
  auto binds = [](int n, const std::string& prefix) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? ", " : " bind ") + prefix + std::to_string(i) + " = prompt.text";
    return out;
  };
  std::string text = "rule r {\n  title \"t\" severity low atlas none \"x\"\n  sequence by session.id within 1h {\n";
  for (int s = 1; s <= steps; ++s) {
    text += std::string("    ") + (absent_second && s == 2 ? "!" : "") + "s" + std::to_string(s) +
            ": prompt where prompt.text contains \"" + std::to_string(s) + "\"";
    if (s == 1) text += binds(first_binds, "f");
    if (s == steps) text += binds(last_binds, "l");
    text += "\n";
  }
  return text + "  }\n}\n";
}

}  // namespace

TEST_CASE("sequence cost: the checker's evidence count is the runtime's") {
  static_assert(kEvidencePerMatch == 2 * sigil::keyed::EvidenceLog::kKeep);
  static_assert(kStateWarnValues < kStateMaxValues);
  // Steps alone (at most kMaxSteps) never reach the warning: only bindings can.
  static_assert(kMaxSteps * kEvidencePerMatch <= kStateWarnValues);
}

TEST_CASE("sequence cost: present steps times evidence, plus values held while later steps pend") {
  auto cost = [](const std::string& text) {
    auto checked = check_text(text);
    const CheckedRule& rule = checked.rule("r");
    REQUIRE(rule.stateful);
    REQUIRE(rule.stateful->sequence);
    return sequence_cost(*rule.stateful->sequence);
  };
  SequenceCost plain = cost(sequence_rule(3, 0));
  CHECK(plain.present_steps == 3);
  CHECK(plain.bound_values == 0);
  CHECK(plain.held_values == 18);
  SequenceCost early = cost(sequence_rule(4, 2));  // bound at step 1: held by all 4 pending matches
  CHECK(early.bound_values == 8);
  CHECK(early.held_values == 32);
  SequenceCost late = cost(sequence_rule(4, 0, 2));  // bound at the last step: held by one
  CHECK(late.bound_values == 2);
  SequenceCost absent = cost(sequence_rule(4, 1, 0, /*absent_second=*/true));  // absent steps hold nothing
  CHECK(absent.present_steps == 3);
  CHECK(absent.bound_values == 3);
  CHECK(absent.held_values == 21);
}

TEST_CASE("sequence cost: warning above the warning limit, error above the limit, exactly at them clean") {
  // 16 steps: 96 + 16 * first_binds.
  CHECK(check_text(sequence_rule(16, 2)).codes().empty());                                     // 128
  CHECK(check_text(sequence_rule(16, 3)).codes() == std::vector<std::string>{"W-STATE-LARGE"});  // 144
  CHECK(check_text(sequence_rule(16, 26)).codes() == std::vector<std::string>{"W-STATE-LARGE"}); // 512
  auto refused = check_text(sequence_rule(16, 27));                                              // 528
  CHECK(refused.codes() == std::vector<std::string>{"E-STATE-TOO-LARGE"});
  CHECK(refused.result.rules.empty());
  // The same values bound in the last step cost 27, not 27 * 16.
  CHECK(check_text(sequence_rule(16, 0, 27)).codes().empty());
}
