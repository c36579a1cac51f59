#include "engine/testing/expectations.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <fmt/format.h>

namespace sigil::testing {
namespace {

std::string quoted(const std::string& s) { return fmt::format("\"{}\"", s); }
std::string list(const std::vector<std::string>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); }

std::string alerts_word(std::uint64_t n) {
  return n == 0 ? "no alert" : n == 1 ? "1 alert" : fmt::format("{} alerts", n);
}

// The first field of `actual` that differs from `want`, as one line; empty when none.
std::string first_difference(const AlertExpectation& want, const ObservedAlert& actual) {
  if (want.severity && *want.severity != actual.severity)
    return fmt::format("severity: expected {}, got {}", quoted(*want.severity), quoted(actual.severity));
  if (want.atlas && *want.atlas != actual.atlas)
    return fmt::format("atlas: expected {}, got {}", list(*want.atlas), list(actual.atlas));
  if (want.message && *want.message != actual.message)
    return fmt::format("message: expected {}, got {}", quoted(*want.message), quoted(actual.message));
  if (want.message_contains && actual.message.find(*want.message_contains) == std::string::npos)
    return fmt::format("message: expected it to contain {}, got {}", quoted(*want.message_contains),
                       quoted(actual.message));
  if (want.evidence && *want.evidence != actual.evidence)
    return fmt::format("evidence: expected events {}, got {}", list(*want.evidence), list(actual.evidence));
  for (const auto& [name, value] : want.aggregates) {
    auto it = std::find_if(actual.aggregates.begin(), actual.aggregates.end(),
                           [&](const auto& a) { return a.first == name; });
    if (it == actual.aggregates.end()) return fmt::format("aggregates.{}: expected {}, the alert has none", name, value);
    if (!it->second || std::fabs(*it->second - value) > 1e-9 * std::max(1.0, std::fabs(value)))
      return fmt::format("aggregates.{}: expected {}, got {}", name, value,
                         it->second ? fmt::format("{}", *it->second) : std::string("null"));
  }
  if (want.sequence && (!actual.sequence || *want.sequence != *actual.sequence))
    return fmt::format("sequence: expected {}, got {}", quoted(*want.sequence),
                       actual.sequence ? quoted(*actual.sequence) : std::string("no sequence"));
  for (const auto& [name, value] : want.bindings) {
    auto it = std::find_if(actual.bindings.begin(), actual.bindings.end(),
                           [&](const auto& b) { return b.first == name; });
    if (it == actual.bindings.end() || it->second != value)
      return fmt::format("bindings.{}: expected {}, got {}", name, quoted(value),
                         it == actual.bindings.end() ? std::string("nothing bound") : quoted(it->second));
  }
  if (want.suppressed && *want.suppressed != actual.suppressed)
    return fmt::format("suppressed: expected {}, got {}", *want.suppressed, actual.suppressed);
  return {};
}

std::string progress_note(const SequenceProgress& p) {
  std::string how = p.exact ? "" : " (estimated from the step conditions in input order)";
  if (!p.reached) {
    std::string first;
    for (const std::string& s : p.steps)
      if (!s.starts_with("!")) {
        first = s;
        break;
      }
    return fmt::format("sequence {}: no instance started: step 1 `{}` never matched{}", p.rule_id, first, how);
  }
  std::uint32_t r = *p.reached;
  std::string out = fmt::format("sequence {}: reached step {} of {} (`{}`)", p.rule_id, r + 1, p.steps.size(),
                                p.steps[r]);
  std::uint32_t next = r + 1;
  while (next < p.steps.size() && p.steps[next].starts_with("!")) ++next;
  if (next < p.steps.size()) out += fmt::format("; step {} `{}` never followed", next + 1, p.steps[next]);
  else if (r + 1 < p.steps.size()) out += fmt::format("; waiting for the span of `{}` to close", p.steps.back());
  return out + how;
}

}  // namespace

Verdict judge(const TestCase& test, const CaseRun& run) {
  Verdict v;
  const Expectation& e = test.expect;
  const std::uint64_t got = run.alerts.size();
  if (e.count && *e.count != got)
    v.differences.push_back(fmt::format("expected {}, got {}", alerts_word(*e.count), alerts_word(got)));
  else if (!e.count && e.match && *e.match && got == 0)
    v.differences.push_back("expected at least one alert, got no alert");
  else if (!e.count && e.match && !*e.match && got != 0)
    v.differences.push_back(fmt::format("expected no alert, got {}", alerts_word(got)));
  for (std::size_t i = 0; i < e.alerts.size(); ++i) {
    if (i >= got) {
      if (v.differences.empty()) v.differences.push_back(fmt::format("alert {}: expected, but missing", i + 1));
      break;
    }
    std::string d = first_difference(e.alerts[i], run.alerts[i]);
    if (!d.empty()) v.differences.push_back(fmt::format("alert {}: {}", i + 1, d));
  }
  v.passed = v.differences.empty() && run.rejected.empty();
  for (const std::string& r : run.rejected) v.differences.push_back(fmt::format("rejected by the engine: {}", r));
  if (v.passed) return v;
  if (got < (e.count ? *e.count : 1))
    for (const SequenceProgress& p : run.sequences) v.notes.push_back(progress_note(p));
  if (run.late)
    v.notes.push_back(fmt::format("{} event(s) arrived behind the watermark (lateness {} ms) and were dropped as late "
                                  "by the stateful rules",
                                  run.late, test.lateness_ns / 1'000'000));
  for (std::size_t i = 0; i < got && i < 5; ++i)
    v.notes.push_back(fmt::format("got alert {}: {} at {}: {}", i + 1, run.alerts[i].rule_id, run.alerts[i].time,
                                  quoted(run.alerts[i].message)));
  return v;
}

}  // namespace sigil::testing
