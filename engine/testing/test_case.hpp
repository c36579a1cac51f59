#pragma once
// A rule test case: what both forms of rule tests produce — a sibling fixture file
// (`rules/x.tests.json`, read by fixture_reader.hpp) and, later, `test` blocks embedded in the
// rule file. The runner (case_runner.hpp) knows only this struct.
//
// Invariants once a reader has produced a TestCase without problems: `rules` is non-empty,
// every event is one JSON object on one line with its `time` filled in, and every event has
// passed schema validation.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sigil::testing {

// Where a case was written, for reports.
struct CaseOrigin {
  std::string file;     // the fixture file (or the rule file, for embedded tests)
  std::string pointer;  // JSON pointer of the case in the fixture: "/tests/2"
};

struct TestEvent {
  std::string json;   // the event as one JSON line, `time` filled in
  std::string where;  // for diagnostics: "/tests/0/events/3" or "events.jsonl:4"
};

// Fields of one expected alert; an empty optional is not checked.
struct AlertExpectation {
  std::optional<std::string> severity;
  std::optional<std::vector<std::string>> atlas;     // technique ids, in the rule's order
  std::optional<std::string> message;                // exact
  std::optional<std::string> message_contains;
  std::optional<std::vector<std::string>> evidence;  // evidence event ids, in order
  std::vector<std::pair<std::string, double>> aggregates;
  std::optional<std::string> sequence;               // "inject -> fetch -> act"
  std::vector<std::pair<std::string, std::string>> bindings;
  std::optional<std::uint64_t> suppressed;           // duplicates held back before this alert
};

struct Expectation {
  std::optional<std::uint64_t> count;    // exactly this many alerts
  std::optional<bool> match;             // at least one alert / none (when count is not given)
  std::vector<AlertExpectation> alerts;  // checked against the alerts in output order
  // Whether the case expects the rule to fire (for --require-tests).
  bool expects_match() const { return count ? *count > 0 : (match ? *match : !alerts.empty()); }
};

struct TestCase {
  std::string name;
  std::vector<std::string> rules;  // the rule ids tested: only their alerts are counted
  std::vector<TestEvent> events;
  Expectation expect;
  std::int64_t lateness_ns = 30'000'000'000;  // as `sigil run --lateness`
  bool end_of_input = true;                   // false: open windows and spans stay open
  std::optional<std::string> skip;            // reason; a skipped case is not run
  CaseOrigin origin;
};

}  // namespace sigil::testing
