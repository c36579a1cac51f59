#pragma once
// Stage 2 of loading (reader -> collector -> checker): merges the syntax trees of all files, in
// load order, into one view of the rule set, before any rule is judged.
//
//  - lists: `list x = [...]` defines (twice: E-DUPLICATE-LIST, related "first defined here");
//    `append` extends, `replace` substitutes the items (of an undefined list: E-UNDEFINED-LIST).
//  - macros: the same with E-DUPLICATE-MACRO / E-UNDEFINED-MACRO; `append` ORs the new body
//    with the earlier one.
//  - rules: ids unique across all files (E-DUPLICATE-RULE, related: the first definition; the
//    later rule is dropped).
//  - exceptions: attached to every rule whose id matches the glob, whatever the file order;
//    a glob matching no rule is W-UNUSED-EXCEPTION.
//  - settings: `set timezone "..."` (E-BAD-TIMEZONE when invalid; a later file overrides an
//    earlier one); any other key is E-UNKNOWN-SETTING.
//
// The Collection points into the syntax trees it was built from: they must outlive it.

#include <map>
#include <string>
#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::check {

struct CollectedList {
  std::vector<syntax::ValueExpr> items;  // after every append/replace
  SourceSpan defined_at;                 // the name in the defining declaration
};

struct CollectedMacro {
  syntax::Expr body;     // after every append (or_ of the bodies) / replace
  SourceSpan defined_at;
};

struct CollectedRule {
  const syntax::Rule* rule = nullptr;
  std::vector<const syntax::ExceptionDecl*> exceptions;  // in load order
};

struct Collection {
  std::map<std::string, CollectedList, std::less<>> lists;
  std::map<std::string, CollectedMacro, std::less<>> macros;
  std::vector<CollectedRule> rules;  // unique ids, load order
  RuleSettings settings;
};

Collection collect(const std::vector<syntax::File>& files, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
