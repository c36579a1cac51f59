// Micro-benchmark: Normalizer::normalize, fast path vs the reference path (RapidJSON), on the
// lines of a JSON Lines file, single-threaded, no pipeline around it. Standalone (not in CMake);
// links the libraries of a build directory. From the repository root:
/*
    g++ -std=c++20 -O2 -DNDEBUG -DFMT_SHARED -DRAPIDJSON_HAS_STDSTRING=1 -I. bench/micro/normalizer_bench.cpp \
        build-ingest/engine/libsigil_ingest.a build-ingest/engine/libsigil_event.a \
        build-ingest/schemas/libsigil_schemas.a -lfmt -o /tmp/normalizer_bench
    /tmp/normalizer_bench /tmp/ingest-ev.jsonl [paths a rule reads...]
*/
// Reports, for each path (alternating, 5 rounds), the median ns per record and records/s, the
// bytes/record, and how many records were accepted. Extra arguments are field paths to
// materialize, as if rules read them (default: prompt.text, as the shipped pack does).
// NORMALIZER_BENCH_ONLY=fast or =reference runs one path only (for callgrind: 5 passes over the
// file, so divide its counts by 5 x records).

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "engine/event/event.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"

using namespace sigil;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: normalizer_bench FILE.jsonl [PATH...]\n");
    return 2;
  }
  RawBatch batch;
  {
    std::ifstream in(argv[1], std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      batch.records.push_back(RawRecord{batch.bytes.size(), line.size(), line.size(), {0, -1, 0}});
      batch.bytes += line;
    }
  }
  FieldPlan plan(FieldCatalog::builtin());
  if (argc == 2) plan.add_path("prompt.text");
  for (int i = 2; i < argc; ++i) plan.add_path(argv[i]);
  plan.freeze();

  std::string scratch(batch.bytes.size() + batch.records.size(), '\0');
  Event event;
  Rejection rejection;
  auto run = [&](Normalizer& n, std::size_t& accepted) {
    accepted = 0;
    std::size_t pos = 0;
    auto start = std::chrono::steady_clock::now();
    for (const RawRecord& r : batch.records) {
      char* s = scratch.data() + pos;
      std::memcpy(s, batch.bytes.data() + r.offset, r.length);
      s[r.length] = '\0';
      pos += r.length + 1;
      accepted += n.normalize(batch, r, s, event, rejection);
    }
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
           static_cast<double>(batch.records.size());
  };

  NormalizerLimits fast_limits, reference_limits;
  reference_limits.fast_path = false;
  Normalizer fast(plan, fast_limits), reference(plan, reference_limits);
  std::vector<double> fast_ns, reference_ns;
  std::size_t fast_accepted = 0, reference_accepted = 0;
  // NORMALIZER_BENCH_ONLY=fast (or reference): one path only, e.g. under callgrind.
  const char* only = std::getenv("NORMALIZER_BENCH_ONLY");
  const bool do_fast = !only || std::string(only) == "fast", do_reference = !only || std::string(only) == "reference";
  for (int round = 0; round < 5; ++round) {
    fast_ns.push_back(do_fast ? run(fast, fast_accepted) : 1.0);
    reference_ns.push_back(do_reference ? run(reference, reference_accepted) : 1.0);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  double bytes = static_cast<double>(batch.bytes.size()) / static_cast<double>(batch.records.size());
  std::printf("%zu records, %.0f bytes/record\n", batch.records.size(), bytes);
  std::printf("fast path:      %7.1f ns/record  %6.2f M records/s  accepted %zu\n", median(fast_ns),
              1e3 / median(fast_ns), fast_accepted);
  std::printf("reference path: %7.1f ns/record  %6.2f M records/s  accepted %zu\n", median(reference_ns),
              1e3 / median(reference_ns), reference_accepted);
  std::printf("ratio reference/fast: %.2f\n", median(reference_ns) / median(fast_ns));
  return 0;
}
