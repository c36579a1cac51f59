#pragma once
// A place in a rule file, for diagnostics. Lines and columns are 1-based; columns count bytes.

#include <cstdint>

namespace sigil::dsl {

struct SourceSpan {
  std::uint32_t file = 0;    // index in the SourceFiles of the load
  std::uint32_t line = 0;    // 0: no position (whole file, or a command-line problem)
  std::uint32_t column = 0;
  std::uint32_t length = 1;  // bytes underlined by the caret (at least 1)
};

}  // namespace sigil::dsl
