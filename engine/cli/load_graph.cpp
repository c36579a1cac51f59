#include "engine/cli/load_graph.hpp"

#include <fmt/core.h>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"

namespace sigil::cli {

std::unique_ptr<eval::RuleGraph> load_graph(const std::vector<std::string>& paths) {
  dsl::Diagnostics diagnostics;
  dsl::check::RuleSet rules = dsl::check::load_rules(paths, {}, diagnostics);
  std::unique_ptr<eval::RuleGraph> graph;
  if (!diagnostics.has_errors()) graph = dsl::compile_rules(rules, diagnostics);
  diagnostics.sort();
  for (const dsl::Diagnostic& d : diagnostics.all()) fmt::print(stderr, "{}", dsl::render_text(d, rules.files));
  if (diagnostics.has_errors()) {
    fmt::print(stderr, "sigil run: the rules have {} error(s); nothing was run (see `sigil check`)\n",
               diagnostics.error_count());
    return nullptr;
  }
  return graph;
}

}  // namespace sigil::cli
