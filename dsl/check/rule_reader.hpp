#pragma once
// Stage 1 of loading (reader -> collector -> checker): paths to parsed syntax trees.
//
// Each path is a file, or a directory walked recursively for `*.sigil` files (sorted by path);
// paths are taken in command-line order, and that order is the load order the collector uses
// for list/macro overrides. A path that cannot be read becomes an E-IO diagnostic; the path is
// still added to `files` (with no content) so the diagnostic can name it. Parse errors are the
// parser's diagnostics. Never throws for bad input.

#include <string>
#include <vector>

#include "dsl/diag/diagnostic.hpp"
#include "dsl/diag/source_files.hpp"
#include "dsl/syntax/ast.hpp"

namespace sigil::dsl::check {

struct ReadResult {
  std::vector<syntax::File> files;  // one per rule file read, in load order
  bool io_error = false;            // some path could not be read (E-IO reported)
};

ReadResult read_rule_files(const std::vector<std::string>& paths, SourceFiles& files, Diagnostics& diagnostics);

}  // namespace sigil::dsl::check
