#pragma once
// Judges a CaseRun against its TestCase's expectations, and says what differs in words a
// detection engineer reads: expected vs actual alert count, the first differing field of an
// alert, and for a sequence that did not fire, the step it reached.
// Pure functions; thread-safe.

#include <string>
#include <vector>

#include "engine/testing/case_runner.hpp"
#include "engine/testing/test_case.hpp"

namespace sigil::testing {

struct Verdict {
  bool passed = false;
  std::vector<std::string> differences;  // why it failed; empty when passed
  std::vector<std::string> notes;        // context for a failure (late events, sequence progress)
};

Verdict judge(const TestCase& test, const CaseRun& run);

}  // namespace sigil::testing
