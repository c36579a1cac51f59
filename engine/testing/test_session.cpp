#include "engine/testing/test_session.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <fmt/core.h>
#include <fmt/format.h>

#include "dsl/check/glob.hpp"
#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "engine/testing/expectations.hpp"
#include "engine/validate/event_validator.hpp"

namespace sigil::testing {
namespace {

namespace fs = std::filesystem;

// A PATH naming a fixture stands for its rule file.
std::vector<std::string> rule_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (p.ends_with(".tests.json")) out.push_back(p.substr(0, p.size() - 11) + ".sigil");
    else out.push_back(p);
  }
  return out;
}

bool selected(const SessionOptions& options, const TestCase& test) {
  if (options.filter.empty()) return true;
  if (dsl::check::glob_match(options.filter, test.name)) return true;
  return std::any_of(test.rules.begin(), test.rules.end(),
                     [&](const std::string& id) { return dsl::check::glob_match(options.filter, id); });
}

CaseReport report_of(const TestCase& test) {
  CaseReport r;
  r.name = test.name;
  r.rules = test.rules;
  r.file = test.origin.file;
  r.pointer = test.origin.pointer;
  return r;
}

}  // namespace

std::size_t SessionReport::count(CaseStatus status) const {
  return static_cast<std::size_t>(
      std::count_if(cases.begin(), cases.end(), [&](const CaseReport& c) { return c.status == status; }));
}

int SessionReport::exit_code() const {
  if (!rules_ok || !file_problems.empty() || count(CaseStatus::error) > 0) return 2;
  if (count(CaseStatus::failed) > 0 || !short_rules.empty()) return 1;
  return 0;
}

SessionReport run_session(const SessionOptions& options) {
  SessionReport report;
  report.filtered = !options.filter.empty();

  // The rules, as `sigil run` loads them.
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules(rule_paths(options.paths), {}, diagnostics);
  std::unique_ptr<eval::RuleGraph> graph;
  if (!diagnostics.has_errors()) graph = dsl::compile_rules(rules, diagnostics);
  diagnostics.sort();
  for (const dsl::Diagnostic& d : diagnostics.all()) report.rule_diagnostics_text.push_back(dsl::render_text(d, rules.files));
  report.rule_diagnostics_json = dsl::render_json(diagnostics.all(), rules.files);
  if (diagnostics.has_errors() || !graph) {
    report.rules_ok = false;
    return report;
  }
  report.rule_count = graph->rules.size();

  // Rule files in load order, and the rules of each.
  std::vector<std::string> files;
  std::map<std::string, std::vector<std::string>> rules_of_file;
  std::map<std::string, std::string> file_of_rule;
  std::set<std::string, std::less<>> loaded;
  for (const dsl::check::CheckedRule& rule : rules.rules) {
    const std::string& file = rules.files.at(rule.span.file).name;
    if (!rules_of_file.count(file)) files.push_back(file);
    rules_of_file[file].push_back(rule.id);
    file_of_rule[rule.id] = file;
    loaded.insert(rule.id);
  }

  EventValidator validator;
  std::map<std::string, std::size_t> cases_of_rule, matching_of_rule, quiet_of_rule;
  std::vector<std::vector<bool>> held(graph->rules.size());
  for (std::size_t r = 0; r < graph->rules.size(); ++r) held[r].assign(graph->rules[r].selections.size(), false);
  std::set<std::string> run_rules;  // rules with a case that ran

  for (const std::string& file : files) {
    std::string fixture_path = fixture_path_for(file);
    if (!fs::exists(fixture_path)) continue;
    FixtureContext context{&validator, rules_of_file[file], &loaded};
    Fixture fixture = read_fixture(fixture_path, context);
    if (!fixture.problems.empty())  // its rules have tests, which cannot be read: not "untested"
      for (const std::string& id : rules_of_file[file]) cases_of_rule[id] += 0;
    for (FixtureProblem& p : fixture.problems) report.file_problems.push_back(std::move(p));
    for (FixtureCase& c : fixture.cases) {
      for (const std::string& id : c.test.rules) {
        ++cases_of_rule[id];
        (c.test.expect.expects_match() ? matching_of_rule : quiet_of_rule)[id] += c.problems.empty() ? 1 : 0;
      }
      if (report.stopped_early || !selected(options, c.test)) continue;
      CaseReport r = report_of(c.test);
      if (!c.problems.empty()) {
        r.status = CaseStatus::error;
        r.problems = std::move(c.problems);
      } else if (c.test.skip) {
        r.status = CaseStatus::skipped;
        r.skip_reason = *c.test.skip;
      } else {
        CaseRun run = run_case(*graph, c.test);
        Verdict verdict = judge(c.test, run);
        r.status = verdict.passed ? CaseStatus::passed : CaseStatus::failed;
        r.differences = std::move(verdict.differences);
        r.notes = std::move(verdict.notes);
        r.alerts = std::move(run.alerts);
        for (std::size_t i = 0; i < held.size(); ++i)
          for (std::size_t s = 0; s < held[i].size(); ++s)
            if (run.selections_held[i][s]) held[i][s] = true;
        run_rules.insert(c.test.rules.begin(), c.test.rules.end());
      }
      if (options.fail_fast && (r.status == CaseStatus::failed || r.status == CaseStatus::error))
        report.stopped_early = true;
      report.cases.push_back(std::move(r));
    }
  }

  // Coverage.
  for (std::size_t r = 0; r < graph->rules.size(); ++r) {
    const std::string& id = graph->rules[r].info.id;
    if (!cases_of_rule.count(id)) {
      if (!report.filtered) report.untested_rules.push_back(fmt::format("{} ({})", id, file_of_rule[id]));
      continue;
    }
    if (!run_rules.count(id)) continue;
    for (std::size_t s = 0; s < held[r].size(); ++s)
      if (!held[r][s]) report.unexercised.emplace_back(id, graph->rules[r].selections[s].first);
  }
  // --require-tests.
  if (options.require_tests > 0) {
    for (const auto& rule : graph->rules) {
      const std::string& id = rule.info.id;
      std::vector<std::string> why;
      if (cases_of_rule[id] < options.require_tests)
        why.push_back(fmt::format("{} case{}, at least {} required", cases_of_rule[id], cases_of_rule[id] == 1 ? "" : "s",
                                  options.require_tests));
      if (matching_of_rule[id] == 0) why.push_back("no case expects it to fire");
      if (quiet_of_rule[id] == 0) why.push_back("no case expects it not to fire");
      if (!why.empty())
        report.short_rules.push_back(fmt::format("{} ({}): {}", id, file_of_rule[id], fmt::join(why, "; ")));
    }
  }
  return report;
}

}  // namespace sigil::testing
