#pragma once
// Shared by the testing suites: rule text -> compiled graph, and fixture text -> test cases.

#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <string>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "dsl/syntax/parser.hpp"
#include "engine/testing/fixture_reader.hpp"
#include "engine/validate/event_validator.hpp"

namespace sigil::testing::test {

inline std::unique_ptr<eval::RuleGraph> compile_text(const std::string& text) {
  dsl::SourceFiles files;
  files.add("<test>", text);
  dsl::Diagnostics diagnostics;
  std::vector<dsl::syntax::File> parsed{dsl::syntax::parse_file(files, 0, diagnostics)};
  dsl::check::CheckedFiles checked = dsl::check::check_files(parsed, files, diagnostics);
  std::string rendered;
  for (const dsl::Diagnostic& d : diagnostics.all()) rendered += dsl::render_text(d, files);
  INFO(rendered);
  REQUIRE_FALSE(diagnostics.has_errors());
  dsl::check::RuleSet rules;
  rules.rules = std::move(checked.rules);
  rules.settings = checked.settings;
  auto graph = dsl::compile_rules(rules, diagnostics);
  REQUIRE(graph != nullptr);
  return graph;
}

inline const EventValidator& validator() {
  static const EventValidator v;
  return v;
}

// The cases of a fixture whose rule file holds `rule` alone; every case must read cleanly.
inline std::vector<TestCase> read_cases(const std::string& fixture, const std::string& rule) {
  static const std::set<std::string, std::less<>> none;
  FixtureContext context{&validator(), {rule}, nullptr};
  Fixture f = read_fixture_text("<fixture>", fixture, context);
  for (const FixtureProblem& p : f.problems) FAIL_CHECK(describe(p));
  std::vector<TestCase> out;
  for (FixtureCase& c : f.cases) {
    for (const FixtureProblem& p : c.problems) FAIL_CHECK(describe(p));
    out.push_back(std::move(c.test));
  }
  return out;
}

}  // namespace sigil::testing::test
