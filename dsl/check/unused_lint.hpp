#pragma once
// W-UNUSED-LIST and W-UNUSED-MACRO, across all loaded files, once every rule is checked: a macro
// no rule's condition expands (directly or through other macros), a list that neither a rule nor
// any macro body names. Reported at the defining declaration.

#include "dsl/check/check_context.hpp"

namespace sigil::dsl::check {

void report_unused_definitions(const Collection& collection, const Usage& usage, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
