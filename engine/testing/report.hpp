#pragma once
// Printing a SessionReport for people (text), tools (JSON) and CI systems (JUnit XML).
//
// Text: one line per case, `PASS rule :: name` / `FAIL ...` / `ERROR ...` / `SKIP ...`, the
// differences of a failure indented under it; then --require-tests shortfalls and coverage; the
// LAST line is `N passed, M failed` (`, K skipped`, `, E errors` appended when there are any).
// JSON: one object (cases, diagnostics, coverage, summary). JUnit: testsuites > testsuite (one per
// fixture) > testcase > failure | error | skipped. Pure functions; thread-safe.

#include <string>

#include "engine/testing/test_session.hpp"

namespace sigil::testing {

std::string render_text(const SessionReport& report, bool verbose);
std::string render_json(const SessionReport& report);
std::string render_junit(const SessionReport& report);

// `PASS rule_a, rule_b :: name`: the rules a case tests, then its name.
std::string case_title(const CaseReport& c);
std::string summary_line(const SessionReport& report);

}  // namespace sigil::testing
