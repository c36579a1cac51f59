#pragma once
// Rule-file text -> syntax tree. PEGTL grammar in dsl/syntax/grammar.hpp.
//
// Every problem becomes a Diagnostic at its position (never an exception to the caller). After
// a syntax error the parser skips to the next top-level declaration (`rule`, `list`, `macro`,
// `exception`, `set` at the start of a line) and goes on, so one run reports every broken
// declaration of a file. Limits keep hostile input from exhausting the stack or memory.
//
// Thread safety: parse_file may run concurrently on different files.

#include <cstddef>
#include <cstdint>

#include "dsl/diag/diagnostic.hpp"
#include "dsl/diag/source_files.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::syntax {

struct ParseLimits {
  std::size_t max_file_bytes = 16u << 20;  // E-FILE-TOO-LARGE beyond
  std::size_t max_nesting = 64;            // parentheses, not, lists: E-TOO-DEEP beyond
};

// Parses file `index` of `files`. Returns what could be parsed (declarations with errors are
// dropped); diagnostics go to `diagnostics`.
File parse_file(const SourceFiles& files, std::uint32_t index, Diagnostics& diagnostics,
                const ParseLimits& limits = {});

}  // namespace sigil::dsl::syntax
