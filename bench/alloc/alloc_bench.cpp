// Heap allocations (global operator new) per event on the hot path, after warm-up.
//
// Build and run against build-perf's static libraries (bench/alloc/run does both); one command:
//   cmake --build build-perf -j2 --target sigil
//   g++ -std=c++20 -O2 -g -no-pie -rdynamic -I. bench/alloc/alloc_bench.cpp -o build-perf/alloc_bench
//     -Wl,--start-group build-perf/dsl/*.a build-perf/engine/*.a build-perf/atlas/*.a
//     build-perf/schemas/*.a -Wl,--end-group $(pkg-config --libs re2) -ltbb -lfmt -ldl -lpthread
//   build-perf/alloc_bench EVENTS.jsonl [RULES.sigil ...]
//
// Global operator new/delete are replaced by counting versions. Each hot-path stage runs over the
// events twice and only the second pass is counted, so buffers that grow to their working size
// in the first pass (batches, events, evaluator memo, output strings) do not count:
//   normalize          copy record to scratch + Normalizer::normalize (the events held in memory)
//   + evaluate         + Evaluator::evaluate with a callback that only counts matches
//   + render alerts    + evidence, message and append_alert, as the pipeline does per alert
//   pipeline Tn        the whole Pipeline (JsonlSource, n threads, alerts to a null sink), counted
//                      from the batch that completes the first half of the input to the end
// Allocations per alert = (render - evaluate) / alerts. Where an allocation happens on the second
// pass, its call stack is recorded (grouped by the 6 innermost frames) and printed with counts.
// Not counted: malloc calls that bypass operator new (oneTBB's task allocator, C libraries).
#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "atlas/atlas_catalog.hpp"
#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/jsonl_source.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/run/pipeline.hpp"

// ---- counting operator new ---------------------------------------------------------------------

namespace {

std::atomic<std::uint64_t> g_allocs{0};
std::atomic<bool> g_record_sites{false};

constexpr int kDepth = 6;   // frames that identify a site
constexpr int kSkip = 2;    // record_site and operator new
constexpr int kSites = 512;
struct Site {
  void* frames[kDepth];
  std::uint64_t count;
};
Site g_sites[kSites];
std::atomic_flag g_sites_lock = ATOMIC_FLAG_INIT;
thread_local bool t_in_hook = false;

void record_site() {
  if (t_in_hook) return;
  t_in_hook = true;
  void* raw[kDepth + kSkip];
  int n = ::backtrace(raw, kDepth + kSkip);
  void* frames[kDepth] = {};
  for (int i = kSkip; i < n; ++i) frames[i - kSkip] = raw[i];
  std::uintptr_t h = 0;
  for (void* f : frames) h = h * 1000003u ^ reinterpret_cast<std::uintptr_t>(f);
  while (g_sites_lock.test_and_set(std::memory_order_acquire)) {
  }
  for (std::size_t probe = 0; probe < kSites; ++probe) {
    Site& s = g_sites[(h + probe) % kSites];
    if (s.count == 0) std::memcpy(s.frames, frames, sizeof frames);
    if (std::memcmp(s.frames, frames, sizeof frames) == 0) {
      ++s.count;
      break;
    }
  }
  g_sites_lock.clear(std::memory_order_release);
  t_in_hook = false;
}

void* counted_alloc(std::size_t size) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (g_record_sites.load(std::memory_order_relaxed)) record_site();
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& t) noexcept { return operator new(size, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

// ---- reporting ----------------------------------------------------------------------------------

namespace {

std::string symbolize(void* address) {
  auto pc = reinterpret_cast<std::uintptr_t>(address) - 1;  // inside the call instruction
  Dl_info info{};
  if (::dladdr(address, &info) && info.dli_fname && std::strstr(info.dli_fname, ".so")) {
    std::string name = info.dli_sname ? info.dli_sname : "?";
    int status = 0;
    char* demangled = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
    if (status == 0) name = demangled;
    std::free(demangled);
    if (name.size() > 110) name = name.substr(0, 107) + "...";
    return fmt::format("{} ({})", name, std::strrchr(info.dli_fname, '/') + 1);
  }
  // The executable (built -no-pie): addr2line gives function, file and line, with inlining.
  std::string command = fmt::format("addr2line -C -f -i -p -e /proc/{}/exe {:#x}", ::getpid(), pc);
  std::string out;
  if (FILE* f = ::popen(command.c_str(), "r")) {
    char line[1024];
    while (std::fgets(line, sizeof line, f)) out += line;
    ::pclose(f);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  std::string pretty;  // one line per inlined frame, indented under the first
  for (char c : out) pretty += c == '\n' ? std::string("\n        ") : std::string(1, c);
  return pretty;
}

void reset_sites() {
  for (Site& s : g_sites) s = Site{};
}

void print_sites(std::uint64_t events, int top) {
  std::vector<const Site*> used;
  for (const Site& s : g_sites)
    if (s.count) used.push_back(&s);
  std::sort(used.begin(), used.end(), [](auto* a, auto* b) { return a->count > b->count; });
  for (int i = 0; i < top && i < static_cast<int>(used.size()); ++i) {
    fmt::print("    site {}: {} allocations ({:.4f}/event)\n", i + 1, used[i]->count,
               double(used[i]->count) / double(events));
    for (void* f : used[i]->frames)
      if (f) fmt::print("      {}\n", symbolize(f));
  }
}

struct Loaded {
  std::vector<sigil::RawBatch> batches;
  std::uint64_t records = 0;
};

Loaded load(const std::string& path) {
  Loaded out;
  sigil::JsonlSource source = sigil::JsonlSource::open(path, 0);
  sigil::ReadLimits limits;
  for (;;) {
    sigil::RawBatch batch;
    if (!source.read(batch, limits)) break;
    out.records += batch.records.size();
    out.batches.push_back(std::move(batch));
  }
  return out;
}

enum class Stage { normalize, evaluate, render };

struct PassResult {
  std::uint64_t allocs = 0, events = 0, accepted = 0, alerts = 0;
};

// The in-memory hot path, as the pipeline's parallel stage runs it, on one thread.
class HotPath {
 public:
  HotPath(const sigil::FieldPlan& plan, const sigil::eval::RuleGraph* graph, const sigil::SourceTable& sources)
      : normalizer_(plan, {}), context_{&plan, &sources, 0, sigil::AlertFormat::native,
                                        sigil::atlas::AtlasCatalog::builtin().version()} {
    if (graph) evaluator_.emplace(*graph);
  }

  PassResult pass(const Loaded& input, Stage stage) {
    PassResult r;
    std::uint64_t before = g_allocs.load();
    for (const sigil::RawBatch& raw : input.batches) {
      std::size_t n = raw.records.size();
      scratch_.resize(raw.bytes.size() + n);
      if (events_.size() < n) events_.resize(n);
      alerts_.clear();
      std::size_t pos = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const sigil::RawRecord& record = raw.records[i];
        char* s = scratch_.data() + pos;
        std::memcpy(s, raw.bytes.data() + record.offset, record.length);
        s[record.length] = '\0';
        pos += record.length + 1;
        ++r.events;
        if (!normalizer_.normalize(raw, record, s, events_[i], rejection_)) continue;
        ++r.accepted;
        if (stage == Stage::normalize) continue;
        const sigil::Event& event = events_[i];
        evaluator_->evaluate(event, [&](std::uint32_t rule) {
          ++r.alerts;
          if (stage == Stage::render) render(event, rule);
        });
      }
    }
    r.allocs = g_allocs.load() - before;
    return r;
  }

 private:
  void render(const sigil::Event& event, std::uint32_t rule) {
    const sigil::RuleInfo& info = evaluator_->graph().rules[rule].info;
    evaluator_->evidence(rule, evidence_fields_);
    message_.clear();
    sigil::render_message(message_, info.output, event);
    sigil::EvidenceEvent evidence{&event, evidence_fields_};
    sigil::AlertContext now = context_;
    now.detected_at_ns = 1;
    sigil::append_alert(alerts_, now, info, message_, std::span(&evidence, 1));
  }

  sigil::Normalizer normalizer_;
  std::optional<sigil::eval::Evaluator> evaluator_;
  sigil::AlertContext context_;
  std::string scratch_, alerts_, message_;
  std::vector<sigil::Event> events_;
  std::vector<sigil::EvidenceField> evidence_fields_;
  sigil::Rejection rejection_;
};

void report(const char* what, const PassResult& r) {
  fmt::print("  {:<26} events {:>9}  accepted {:>9}  alerts {:>8} ({:.4f}/event)  allocations {:>9}  "
             "{:.4f}/event\n",
             what, r.events, r.accepted, r.alerts, double(r.alerts) / double(r.events), r.allocs,
             double(r.allocs) / double(r.events));
}

struct NullRejects final : sigil::RejectSink {
  void write_dead_letters(std::string_view) override {}
};
struct NullAlerts final : sigil::AlertSink {
  void write_alerts(std::string_view) override {}
};

void pipeline_pass(const std::string& path, const sigil::FieldPlan& plan, const sigil::eval::RuleGraph* graph,
                   std::uint64_t total, std::size_t threads) {
  sigil::SourceTable sources;
  sigil::JsonlSource source = sigil::JsonlSource::open(path, sources.add(sigil::SourceTable::Type::file, path));
  sigil::PipelineOptions options;
  options.threads = threads;
  std::optional<sigil::Pipeline> pipeline;
  if (graph) pipeline.emplace(source, sources, *graph, sigil::AlertFormat::native, options);
  else pipeline.emplace(source, sources, plan, options);
  NullRejects rejects;
  NullAlerts alerts;
  std::uint64_t start_allocs = 0, start_records = 0, start_alerts = 0, end_allocs = 0;
  bool started = false;
  reset_sites();
  auto stats = pipeline->run(rejects, &alerts, [&](const sigil::PipelineStats& s) {
    if (!started && s.records * 2 >= total) {
      started = true;
      start_allocs = g_allocs.load();
      start_records = s.records;
      start_alerts = s.alerts;
      g_record_sites = true;
    }
    if (s.records == total) {
      end_allocs = g_allocs.load();
      g_record_sites = false;
    }
  });
  g_record_sites = false;
  PassResult r{end_allocs - start_allocs, stats.records - start_records, 0, stats.alerts - start_alerts};
  r.accepted = r.events;  // not tracked per half; see the in-memory passes
  report(fmt::format("pipeline T{} (2nd half)", threads).c_str(), r);
  if (r.allocs) print_sites(r.events, 6);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: alloc_bench EVENTS.jsonl [RULES.sigil ...]\n");
    return 2;
  }
  {
    void* warm[4];
    ::backtrace(warm, 4);  // loads libgcc's unwinder now, not inside a counted pass
  }
  std::string path = argv[1];
  std::vector<std::string> rule_paths(argv + 2, argv + argc);

  std::unique_ptr<sigil::eval::RuleGraph> graph;
  if (!rule_paths.empty()) {
    sigil::dsl::Diagnostics diagnostics;
    auto rules = sigil::dsl::check::load_rules(rule_paths, {}, diagnostics);
    if (!diagnostics.has_errors()) graph = sigil::dsl::compile_rules(rules, diagnostics);
    if (!graph) {
      fmt::print(stderr, "alloc_bench: the rules have errors (see `sigil check`)\n");
      return 2;
    }
  }
  sigil::FieldPlan own_plan(sigil::FieldCatalog::builtin());
  own_plan.freeze();
  const sigil::FieldPlan& plan = graph ? *graph->plan : own_plan;
  sigil::SourceTable sources;
  sources.add(sigil::SourceTable::Type::file, path);

  Loaded input = load(path);
  fmt::print("{}: {} records in {} batches; {} rules\n", path, input.records, input.batches.size(),
             graph ? graph->rules.size() : 0);

  std::vector<Stage> stages{Stage::normalize};
  if (graph) stages.insert(stages.end(), {Stage::evaluate, Stage::render});
  PassResult evaluated{};
  for (Stage stage : stages) {
    HotPath hot(plan, graph.get(), sources);
    hot.pass(input, stage);  // warm-up
    reset_sites();
    g_record_sites = true;
    PassResult r = hot.pass(input, stage);
    g_record_sites = false;
    const char* name = stage == Stage::normalize ? "normalize (2nd pass)"
                       : stage == Stage::evaluate ? "+ evaluate (2nd pass)"
                                                  : "+ render alerts (2nd pass)";
    report(name, r);
    if (stage == Stage::evaluate) evaluated = r;
    if (stage == Stage::render && r.alerts)
      fmt::print("  {:<26} {:.2f} allocations/alert (render - evaluate)\n", "", double(r.allocs - evaluated.allocs) /
                                                                                double(r.alerts));
    if (r.allocs) print_sites(r.events, 6);
  }
  for (std::size_t threads : {1u, 2u}) pipeline_pass(path, plan, graph.get(), input.records, threads);
  return 0;
}
