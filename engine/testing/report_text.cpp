#include <fmt/core.h>
#include <fmt/format.h>

#include "engine/testing/report.hpp"

namespace sigil::testing {
namespace {

std::string_view word(CaseStatus s) {
  switch (s) {
    case CaseStatus::passed: return "PASS";
    case CaseStatus::failed: return "FAIL";
    case CaseStatus::error: return "ERROR";
    case CaseStatus::skipped: return "SKIP";
  }
  return "?";
}

}  // namespace

std::string case_title(const CaseReport& c) { return fmt::format("{} :: {}", fmt::join(c.rules, ", "), c.name); }

// Exactly `N passed, M failed` (`, K skipped` when any), the line CI systems read; cases, fixtures
// and rules in error count as failed there (the exit code, 2, tells them apart).
std::string summary_line(const SessionReport& report) {
  std::size_t errors = report.count(CaseStatus::error) + report.file_problems.size() + (report.rules_ok ? 0 : 1);
  std::string line =
      fmt::format("{} passed, {} failed", report.count(CaseStatus::passed), report.count(CaseStatus::failed) + errors);
  if (std::size_t k = report.count(CaseStatus::skipped)) line += fmt::format(", {} skipped", k);
  return line;
}

std::string render_text(const SessionReport& report, bool verbose) {
  std::string out;
  if (!report.rules_ok) out += "ERROR the rules did not compile (diagnostics above); no test was run\n";
  for (const FixtureProblem& p : report.file_problems) out += fmt::format("ERROR {}\n", describe(p));
  for (const CaseReport& c : report.cases) {
    out += fmt::format("{} {}", word(c.status), case_title(c));
    if (c.status == CaseStatus::skipped) out += fmt::format(" ({})", c.skip_reason);
    out += "\n";
    for (const std::string& d : c.differences) out += fmt::format("    {}\n", d);
    for (const std::string& n : c.notes) out += fmt::format("    note: {}\n", n);
    for (const FixtureProblem& p : c.problems) out += fmt::format("    {}\n", describe(p));
    if (verbose && c.status == CaseStatus::passed)
      for (const ObservedAlert& a : c.alerts)
        out += fmt::format("    alert: {} at {}: \"{}\"\n", a.rule_id, a.time, a.message);
  }
  if (report.stopped_early) out += "stopped after the first failure (--fail-fast)\n";
  if (!report.short_rules.empty()) {
    out += fmt::format("{} rule{} without enough tests (--require-tests):\n", report.short_rules.size(),
                       report.short_rules.size() == 1 ? "" : "s");
    for (const std::string& s : report.short_rules) out += fmt::format("  {}\n", s);
  }
  if (report.rules_ok && (!report.untested_rules.empty() || !report.unexercised.empty() || verbose)) {
    if (report.filtered)
      out += "coverage of the cases that ran (--filter):\n";
    else
      out += fmt::format("coverage: {} of {} rules have tests\n", report.rule_count - report.untested_rules.size(),
                         report.rule_count);
    for (const std::string& r : report.untested_rules) out += fmt::format("  no test: {}\n", r);
    for (const auto& [rule, selection] : report.unexercised)
      out += fmt::format("  selection never exercised: {}.{}\n", rule, selection);
  }
  std::size_t errors = report.count(CaseStatus::error) + report.file_problems.size() + (report.rules_ok ? 0 : 1);
  if (errors) out += fmt::format("{} error{} (rules or fixtures that did not compile or validate; counted as failed)\n",
                                 errors, errors == 1 ? "" : "s");
  out += summary_line(report) + "\n";
  return out;
}

}  // namespace sigil::testing
