#pragma once
// Test support for the checker: runs parse + check_files on in-memory files (names as given, so
// diagnostics and golden files do not depend on where the tree is checked out).

#include <string>
#include <utility>
#include <vector>

#include "dsl/check/load_rules.hpp"
#include "dsl/syntax/parser.hpp"

namespace sigil::dsl::check::testing {

struct Checked {
  SourceFiles files;
  Diagnostics diagnostics;
  CheckedFiles result;

  // Every diagnostic, sorted, as `sigil check` prints it.
  std::string text() {
    diagnostics.sort();
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) out += render_text(d, files);
    return out;
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics.all()) out.push_back(d.code);
    return out;
  }
  const CheckedRule& rule(std::string_view id) const {
    for (const CheckedRule& r : result.rules)
      if (r.id == id) return r;
    throw std::runtime_error("no checked rule " + std::string(id));
  }
};

inline Checked check_texts(const std::vector<std::pair<std::string, std::string>>& named_texts) {
  Checked out;
  std::vector<syntax::File> trees;
  for (const auto& [name, text] : named_texts)
    trees.push_back(syntax::parse_file(out.files, out.files.add(name, text), out.diagnostics));
  out.result = check_files(trees, out.files, out.diagnostics);
  return out;
}

inline Checked check_text(const std::string& text) { return check_texts({{"<test>", text}}); }

// A rule around `body`, with the metadata every rule needs.
inline std::string rule_text(const std::string& id, const std::string& kinds, const std::string& body) {
  return "rule " + id + " {\n  title \"t\"\n  severity low\n  atlas AML.T0051\n  on " + kinds + "\n" + body + "\n}\n";
}

}  // namespace sigil::dsl::check::testing
