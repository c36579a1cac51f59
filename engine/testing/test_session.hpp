#pragma once
// `sigil test` without the printing: loads and compiles the rules exactly as `sigil run` does
// (one rule set from every PATH, in order), reads the fixture beside each rule file
// (`x.sigil` -> `x.tests.json`), runs each selected case on a fresh engine, judges it, and
// summarizes coverage (rules with no test, selections no event of any case made true) and
// `--require-tests`. Reports (report.hpp) print a SessionReport.
//
//   load_rules -> compile_rules -> read_fixture (validate events) -> run_case -> judge
//
// Not thread-safe per call.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/testing/case_runner.hpp"
#include "engine/testing/fixture_reader.hpp"

namespace sigil::testing {

struct SessionOptions {
  std::vector<std::string> paths;  // rule files and directories; fixtures are found beside them
  std::string filter;              // glob on rule ids and case names; empty: every case
  std::size_t require_tests = 0;   // each rule: at least N cases, one expecting a match, one none
  bool fail_fast = false;          // stop after the first case that fails or errs
};

enum class CaseStatus { passed, failed, error, skipped };

struct CaseReport {
  std::string name;
  std::vector<std::string> rules;
  std::string file;     // the fixture
  std::string pointer;  // of the case in the fixture
  CaseStatus status = CaseStatus::passed;
  std::vector<std::string> differences;  // failed: what differs
  std::vector<std::string> notes;        // failed: context
  std::vector<FixtureProblem> problems;  // error: why the case could not run
  std::string skip_reason;
  std::vector<ObservedAlert> alerts;     // of the case's rules (for -v)
};

struct SessionReport {
  bool rules_ok = true;                     // false: the rules did not load or compile; nothing ran
  std::vector<std::string> rule_diagnostics_text;  // rendered, errors and warnings
  std::string rule_diagnostics_json = "[]";         // dsl::render_json
  std::vector<FixtureProblem> file_problems;        // fixtures that could not be read at all
  std::vector<CaseReport> cases;                    // in rule-file order, then fixture order
  std::size_t rule_count = 0;
  bool filtered = false;
  std::vector<std::string> untested_rules;          // "id (file)"
  std::vector<std::pair<std::string, std::string>> unexercised;  // (rule id, selection)
  std::vector<std::string> short_rules;             // --require-tests: why each falls short
  bool stopped_early = false;                       // --fail-fast

  std::size_t count(CaseStatus status) const;
  // 0 all passed; 1 a case failed or a rule lacks tests; 2 rules or fixtures did not compile or validate.
  int exit_code() const;
};

SessionReport run_session(const SessionOptions& options);

}  // namespace sigil::testing
