#pragma once
// What the per-rule checks share: the collected lists and macros, and a record of which of them
// rules actually use (for W-UNUSED-LIST / W-UNUSED-MACRO once every rule is checked).

#include <set>
#include <string>

#include "dsl/check/collector.hpp"
#include "dsl/check/field_resolver.hpp"
#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl::check {

struct Usage {
  std::set<std::string, std::less<>> lists;
  std::set<std::string, std::less<>> macros;
};

struct CheckContext {
  const SourceFiles& files;  // to place diagnostics inside string literals
  const Collection& collection;
  Usage& usage;
  Diagnostics& diagnostics;
};

}  // namespace sigil::dsl::check
