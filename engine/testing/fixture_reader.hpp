#pragma once
// Reads a rule-test fixture (`rules/x.tests.json`, the format of docs/rule-tests.md) into
// TestCases: resolves relative times (`"at": "+30s"`), merges `defaults` into each event, reads
// JSON Lines event files relative to the fixture, and validates every event against the schemas.
//
// A problem (JSON syntax, an unknown key, an invalid event, a rule that is not loaded) is never
// fatal to the other cases: it is attached to its case (or to the file when no case can be read),
// and the case is reported as an error, not run.
//
// Thread safety: read_fixture() is reentrant; the context is read-only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/testing/test_case.hpp"

namespace sigil {
class EventValidator;
}

namespace sigil::testing {

// A positioned problem of a fixture.
struct FixtureProblem {
  std::string file;
  std::string case_name;              // empty: about the whole file
  std::optional<std::size_t> event;   // 0-based index of the event in its case
  std::string where;                  // the event's place: "/tests/0/events/2", "x.jsonl:3"
  std::string pointer;                // JSON pointer inside the event ("" is the whole event)
  std::string message;
  std::uint32_t line = 0, column = 0; // JSON syntax errors: 1-based position in `file`
};

// One line: `file:line:col: case "name": event 3 (/tests/0/events/2): /prompt/text: message`.
std::string describe(const FixtureProblem& problem);

struct FixtureCase {
  TestCase test;
  std::vector<FixtureProblem> problems;  // non-empty: the case is an error
};

struct Fixture {
  std::string file;
  std::vector<FixtureCase> cases;
  std::vector<FixtureProblem> problems;  // the file as a whole (unreadable, not JSON, no `tests`)
};

struct FixtureContext {
  const EventValidator* validator = nullptr;
  std::vector<std::string> rules_in_file;  // of the sibling .sigil file: a lone rule is the default
  const std::set<std::string, std::less<>>* loaded_rules = nullptr;  // rule ids a case may name
};

// The fixture of a rule file: `x.sigil` -> `x.tests.json`.
std::string fixture_path_for(std::string_view rule_file);

Fixture read_fixture(const std::string& path, const FixtureContext& context);
// The same from text (tests; `path` names it in problems and anchors JSON Lines paths).
Fixture read_fixture_text(const std::string& path, std::string_view text, const FixtureContext& context);

// "+30s", "-5m", "+1m30s", "250ms": nanoseconds, or nullopt. Units ms, s, m, h, d.
std::optional<std::int64_t> parse_offset(std::string_view text);

}  // namespace sigil::testing
