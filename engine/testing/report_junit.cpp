#include <map>

#include <fmt/core.h>
#include <fmt/format.h>

#include "engine/testing/report.hpp"

namespace sigil::testing {
namespace {

// Text for XML 1.0 attributes and content: markup characters escaped; control characters XML
// cannot carry (all below U+0020 but tab, LF, CR) written as U+FFFD.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
  return out;
}

struct Suite {
  std::string name;
  std::vector<std::string> testcases;  // rendered
  std::size_t failures = 0, errors = 0, skipped = 0;
};

std::string testcase(std::string_view name, std::string_view classname, std::string_view body) {
  if (body.empty()) return fmt::format("    <testcase name=\"{}\" classname=\"{}\"/>\n", xml(name), xml(classname));
  return fmt::format("    <testcase name=\"{}\" classname=\"{}\">\n{}    </testcase>\n", xml(name), xml(classname), body);
}

std::string element(std::string_view tag, std::string_view type, std::string_view message,
                    const std::vector<std::string>& lines) {
  return fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", tag, xml(message), type,
                     xml(fmt::format("{}", fmt::join(lines, "\n"))), tag);
}

}  // namespace

std::string render_junit(const SessionReport& report) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> index;
  auto suite = [&](const std::string& name) -> Suite& {
    auto [it, fresh] = index.try_emplace(name, suites.size());
    if (fresh) suites.push_back(Suite{name, {}, 0, 0, 0});
    return suites[it->second];
  };
  if (!report.rules_ok) {
    Suite& s = suite("rules");
    ++s.errors;
    s.testcases.push_back(testcase("compile", "sigil.rules",
                                   element("error", "compile", "the rules did not compile", report.rule_diagnostics_text)));
  }
  for (const FixtureProblem& p : report.file_problems) {
    Suite& s = suite(p.file);
    ++s.errors;
    s.testcases.push_back(testcase("(fixture)", "sigil.fixture", element("error", "fixture", p.message, {describe(p)})));
  }
  for (const CaseReport& c : report.cases) {
    Suite& s = suite(c.file);
    std::string classname = fmt::format("{}", fmt::join(c.rules, ","));
    std::string body;
    switch (c.status) {
      case CaseStatus::passed: break;
      case CaseStatus::failed: {
        ++s.failures;
        std::vector<std::string> lines = c.differences;
        for (const std::string& n : c.notes) lines.push_back("note: " + n);
        body = element("failure", "assertion", c.differences.empty() ? "failed" : c.differences.front(), lines);
        break;
      }
      case CaseStatus::error: {
        ++s.errors;
        std::vector<std::string> lines;
        for (const FixtureProblem& p : c.problems) lines.push_back(describe(p));
        body = element("error", "fixture", c.problems.empty() ? "error" : c.problems.front().message, lines);
        break;
      }
      case CaseStatus::skipped:
        ++s.skipped;
        body = fmt::format("      <skipped message=\"{}\"/>\n", xml(c.skip_reason));
        break;
    }
    s.testcases.push_back(testcase(c.name, classname, body));
  }
  if (!report.short_rules.empty()) {
    Suite& s = suite("require-tests");
    for (const std::string& r : report.short_rules) {
      ++s.failures;
      s.testcases.push_back(testcase(r.substr(0, r.find(' ')), "sigil.require_tests",
                                     element("failure", "coverage", r, {r})));
    }
  }
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const Suite& s : suites) {
    tests += s.testcases.size();
    failures += s.failures;
    errors += s.errors;
    skipped += s.skipped;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"sigil test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     tests, failures, errors, skipped);
  for (const Suite& s : suites) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                       xml(s.name), s.testcases.size(), s.failures, s.errors, s.skipped);
    for (const std::string& t : s.testcases) out += t;
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace sigil::testing
