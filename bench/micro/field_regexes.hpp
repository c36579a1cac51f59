#pragma once
// Shared by the regex micro benchmarks: their arguments RULES FIELD TEXTS loaded: a rule pack's
// compiled graph, the RegexSet it builds for the field, and a file of texts. Exit with status 2 and the reason on bad input.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "engine/match/regex_set.hpp"

namespace bench {

inline std::unique_ptr<sigil::eval::RuleGraph> load_pack_or_exit(const char* rules) {
  sigil::dsl::Diagnostics diagnostics;
  auto checked = sigil::dsl::check::load_rules({rules}, {}, diagnostics);
  std::unique_ptr<sigil::eval::RuleGraph> graph;
  if (!diagnostics.has_errors()) graph = sigil::dsl::compile_rules(checked, diagnostics);
  if (!graph) {
    std::fprintf(stderr, "the rules have errors (see `sigil check`)\n");
    std::exit(2);
  }
  return graph;
}

// The RegexSet of every `re` on `field` (patterns as run: "(?i)" prefixed where it applies).
inline const sigil::match::RegexSet& field_regexes_or_exit(const sigil::eval::RuleGraph& graph, std::string_view field) {
  for (const sigil::eval::FieldMatchers& m : graph.matchers)
    if (m.regexes && graph.plan->slot(m.field).path == field) return *m.regexes;
  std::fprintf(stderr, "no regexes on %.*s\n", static_cast<int>(field.size()), field.data());
  std::exit(2);
}

inline std::vector<std::string> read_lines(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The arguments both benchmarks take, RULES FIELD TEXTS, loaded.
struct FieldInput {
  std::unique_ptr<sigil::eval::RuleGraph> graph;
  const sigil::match::RegexSet* regexes = nullptr;  // in graph
  std::vector<std::string> texts;
  std::size_t bytes = 0;
};

inline FieldInput load_arguments_or_exit(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s RULES FIELD TEXTS\n", argv[0]);
    std::exit(2);
  }
  FieldInput in;
  in.graph = load_pack_or_exit(argv[1]);
  in.regexes = &field_regexes_or_exit(*in.graph, argv[2]);
  in.texts = read_lines(argv[3]);
  for (const std::string& t : in.texts) in.bytes += t.size();
  return in;
}

}  // namespace bench
