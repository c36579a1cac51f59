#include "dsl/check/load_rules.hpp"

#include <set>
#include <tuple>

#include "dsl/check/collector.hpp"
#include "dsl/check/rule_checker.hpp"
#include "dsl/check/rule_reader.hpp"
#include "dsl/check/unused_lint.hpp"

namespace sigil::dsl::check {
namespace {

// Copies `from` into `to`, dropping exact repeats (same code, place and message).
void forward_unique(const Diagnostics& from, Diagnostics& to) {
  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::string>> seen;
  for (const Diagnostic& d : from.all()) {
    if (!seen.emplace(d.code, d.span.file, d.span.line, d.span.column, d.span.length, d.message).second) continue;
    Diagnostic& copy = to.report(d.severity, d.code, d.span, d.message);
    copy.hints = d.hints;
    copy.related = d.related;
  }
}

}  // namespace

CheckedFiles check_files(const std::vector<syntax::File>& files, const SourceFiles& sources,
                         Diagnostics& diagnostics) {
  Diagnostics local;
  Collection collection = collect(files, local);
  Usage usage;
  CheckContext context{sources, collection, usage, local};
  CheckedFiles out;
  out.settings = collection.settings;
  for (const CollectedRule& rule : collection.rules)
    if (auto checked = check_rule(rule, context)) out.rules.push_back(std::move(*checked));
  report_unused_definitions(collection, usage, local);
  forward_unique(local, diagnostics);
  return out;
}

RuleSet load_rules(const std::vector<std::string>& paths, const LoadOptions& options, Diagnostics& diagnostics) {
  RuleSet set;
  ReadResult read = read_rule_files(paths, set.files, diagnostics);
  set.files_parsed = read.files.size();
  for (const syntax::File& file : read.files) set.rules_read += file.rules.size();
  CheckedFiles checked = check_files(read.files, set.files, diagnostics);
  set.rules = std::move(checked.rules);
  set.settings = std::move(checked.settings);
  if (options.strict) diagnostics.promote_warnings();
  return set;
}

}  // namespace sigil::dsl::check
