#pragma once
// Glob patterns over names, as in `exception prompt_* {...}` and `1 of sel_*`:
// `*` matches any run of characters (also none), `?` exactly one; everything else itself.

#include <string_view>

namespace sigil::dsl::check {

bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace sigil::dsl::check
