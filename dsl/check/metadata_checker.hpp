#pragma once
// The descriptive part of a rule: title, severity, status, kinds (`on`), ATLAS techniques and the
// other free text, copied into `out`. Reports E-MISSING-TITLE, E-MISSING-SEVERITY, E-BAD-SEVERITY,
// E-BAD-STATUS, E-MISSING-ON, E-UNKNOWN-KIND, E-MALFORMED-ATLAS-ID, E-UNKNOWN-ATLAS-ID and
// W-NO-ATLAS (no `atlas` line and no `atlas none "why"`).

#include "dsl/diag/diagnostic.hpp"
#include "dsl/check/checked_rule.hpp"

namespace sigil::dsl::check {

void check_metadata(const syntax::Rule& rule, CheckedRule& out, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
