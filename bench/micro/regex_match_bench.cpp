// Micro benchmark: one field's regexes (from a rule pack) matched against many texts, the way
// RegexSet did it before the prefilter (all patterns in one RE2::Set with a hit list) and the way
// it does now (literal prefilter, then single RE2s; engine/match/regex_set.hpp). Checks that both
// report the same patterns for every text, and counts the patterns run per text.
//
// In: a rule pack, a field, TEXTS (one text per line; JSON-escaped newlines stay escaped).
// Out: ns per text and MB/s for each method, median of 7 runs of >= 200 ms each.
//
// Build against a build directory's static libraries and run (from the repository root; each
// command is one line, wrapped here):
//   cmake --build build -j2 --target sigil
//   g++ -std=c++20 -O2 -I. bench/micro/regex_match_bench.cpp -o build/regex_match_bench
//     -Wl,--start-group build/dsl/*.a build/engine/*.a build/atlas/*.a build/schemas/*.a -Wl,--end-group
//     $(pkg-config --libs re2) -ltbb -lfmt
//   bench/gen/gen-events 20000 | python3 -c 'import json,sys
//   for l in sys.stdin:
//     e=json.loads(l); t=e.get("prompt",{}).get("text")
//     if t: print(t.replace("\n"," "))' > /tmp/prompts.txt
//   build/regex_match_bench rules prompt.text /tmp/prompts.txt
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/micro/field_regexes.hpp"
#include "engine/match/regex_set.hpp"

using namespace sigil::match;

namespace {


template <typename F>
double median_ns_per_text(std::size_t texts, F&& pass) {
  std::vector<double> runs;
  for (int r = 0; r < 7; ++r) {
    auto start = std::chrono::steady_clock::now();
    std::size_t n = 0;
    double elapsed = 0;
    do {
      pass();
      n += texts;
      elapsed = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < 2e8);
    runs.push_back(elapsed / static_cast<double>(n));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const auto [graph, field_set, texts, bytes] = bench::load_arguments_or_exit(argc, argv);
  std::vector<RegexPattern> patterns;  // as run: "(?i)" already prefixed where it applies
  for (const std::string& p : field_set->patterns())
    patterns.push_back({p, static_cast<std::uint32_t>(patterns.size()), true});

  // Before: one RE2::Set with a hit list.
  RE2::Options o;
  o.set_max_mem(RegexSet::kDefaultMaxMem);
  o.set_log_errors(false);
  RE2::Set set(o, RE2::UNANCHORED);
  for (const RegexPattern& p : patterns) set.Add(p.pattern, nullptr);
  set.Compile();
  std::vector<int> hits;
  std::size_t set_failures = 0;

  // Now: RegexSet with its prefilter.
  auto build_start = std::chrono::steady_clock::now();
  const RegexSet regexes(patterns);
  double build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - build_start).count();
  RegexSet::Scratch scratch(regexes);
  MatchIds ids;

  std::size_t differ = 0;
  for (const std::string& t : texts) {
    RE2::Set::ErrorInfo info{};
    if (!set.Match(t, &hits, &info) && info.kind != RE2::Set::kNoError) ++set_failures;
    std::sort(hits.begin(), hits.end());
    ids.clear();
    regexes.match(t, ids, scratch);
    std::vector<int> got(ids.ids().begin(), ids.ids().end());
    std::sort(got.begin(), got.end());
    if (got != hits && info.kind == RE2::Set::kNoError) ++differ;
  }
  const std::uint64_t runs = scratch.runs();  // one pass over the texts

  const double before = median_ns_per_text(texts.size(), [&] {
    for (const std::string& t : texts) set.Match(t, &hits, nullptr);
  });
  const double after = median_ns_per_text(texts.size(), [&] {
    for (const std::string& t : texts) {
      ids.clear();
      regexes.match(t, ids, scratch);
    }
  });
  const double mean_bytes = static_cast<double>(bytes) / static_cast<double>(texts.size());
  std::printf("%zu patterns (%zu unfiltered, %zu atoms; prefilter built in %.1f ms), %zu texts of %.0f bytes on average\n",
              patterns.size(), regexes.unfiltered_count(), regexes.atom_count(), build_ms, texts.size(), mean_bytes);
  std::printf("RE2::Set with hits   %10.0f ns/text %8.1f MB/s   (DFA out of memory on %zu texts)\n", before,
              mean_bytes / before * 1e3, set_failures);
  std::printf("RegexSet prefilter   %10.0f ns/text %8.1f MB/s   %.1fx\n", after, mean_bytes / after * 1e3,
              before / after);
  std::printf("patterns run on their own per text: %.2f (of %zu)\n",
              static_cast<double>(runs) / static_cast<double>(texts.size()), patterns.size());
  std::printf("texts with different results: %zu\n", differ);
  return differ == 0 ? 0 : 1;
}
