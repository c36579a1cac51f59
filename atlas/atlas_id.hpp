#pragma once
// Syntax of ATLAS identifiers, independent of any catalog (a well-formed id may still be unknown).

#include <string_view>

namespace sigil::atlas {

// AML.T followed by four digits, optionally a dot and three digits: AML.T0051, AML.T0051.001.
bool is_well_formed_id(std::string_view id);

// AML.TA followed by four digits: AML.TA0005.
bool is_well_formed_tactic_id(std::string_view id);

}  // namespace sigil::atlas
