#pragma once
// The checker's entry point: rule files in, checked rules and diagnostics out.
//
//   load_rules = read_rule_files (rule_reader) -> collect (collector) -> check_rule for each rule
//                (rule_checker) -> report_unused_definitions (unused_lint)
//
// Every problem of every file is reported (loading never stops at the first error); a diagnostic
// repeated by checking shared text once per rule (a macro or exception used by several rules) is
// reported once. With `strict`, warnings become errors. The RuleSet holds the rules that checked
// without error; it is fit to compile only when `diagnostics.has_errors()` is false.
//
// Not thread-safe per call; separate calls may run concurrently.

#include <string>
#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::check {

struct LoadOptions {
  bool strict = false;  // warnings are errors (`sigil check --strict`)
};

// Files and directories (walked for *.sigil), in load order.
RuleSet load_rules(const std::vector<std::string>& paths, const LoadOptions& options, Diagnostics& diagnostics);

struct CheckedFiles {
  std::vector<CheckedRule> rules;
  RuleSettings settings;
};

// Everything after reading: for callers (and tests) that already hold parsed files. `sources`
// must hold the files the trees were parsed from. Does not apply `strict`.
CheckedFiles check_files(const std::vector<syntax::File>& files, const SourceFiles& sources,
                         Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
