// Micro benchmark for callgrind: one field's regexes (from a rule pack) through RegexSet, once
// over every text of a file, after warming the sets on the first 3 texts. Count the instructions
// of match_all() only; divide by the bytes printed. Instruction counts do not depend on the
// machine's load, so two layouts of RegexSet compare on a shared machine (engine/match/README.md).
//
// In: a rule pack, a field, TEXTS (one text per line). Out: texts, bytes, matches.
//
// Build against a build directory's static libraries and run (from the repository root; each
// command is one line, wrapped here):
//   cmake --build build -j2 --target sigil
//   g++ -std=c++20 -O2 -I. bench/micro/regex_instructions_bench.cpp -o build/regex_instructions_bench
//     -Wl,--start-group build/dsl/*.a build/engine/*.a build/atlas/*.a build/schemas/*.a -Wl,--end-group
//     $(pkg-config --libs re2) -ltbb -lfmt
//   (texts: see regex_match_bench.cpp; head -2000 of them)
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/rx.out --toggle-collect='*match_all*'
//     build/regex_instructions_bench rules prompt.text /tmp/prompts2k.txt
//   callgrind_annotate /tmp/rx.out | grep 'PROGRAM TOTALS'     # instructions; / bytes = per byte
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/micro/field_regexes.hpp"
#include "engine/match/regex_set.hpp"

using namespace sigil::match;

namespace {

__attribute__((noinline)) std::size_t match_all(const RegexSet& set, RegexSet::Scratch& scratch,
                                                const std::vector<std::string>& texts) {
  MatchIds ids;
  ids.prepare(set.id_bound());
  std::size_t matches = 0;
  for (const std::string& t : texts) {
    ids.clear();
    set.match(t, ids, scratch);
    matches += ids.ids().size();
  }
  return matches;
}

}  // namespace

int main(int argc, char** argv) {
  const auto [graph, set, texts, bytes] = bench::load_arguments_or_exit(argc, argv);

  RegexSet::Scratch scratch(*set);
  MatchIds warm;  // the Scratch's RE2 objects are made on first use: not what is measured
  for (std::size_t i = 0; i < std::min<std::size_t>(3, texts.size()); ++i) set->match(texts[i], warm, scratch);
  const std::size_t matches = match_all(*set, scratch, texts);
  std::printf("%zu patterns in %zu sets (%zu unfiltered), %zu texts, %zu bytes, %zu matches\n", set->size(),
              set->set_count(), set->unfiltered_count(), texts.size(), bytes, matches);
  return 0;
}
