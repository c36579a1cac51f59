// The keyed stage: per-session input order whatever the thread count, and keyed alerts merged
// with the rest in input order.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <algorithm>
#include <map>
#include <set>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "engine/event/field_catalog.hpp"
#include "engine/ingest/jsonl_source.hpp"
#include "engine/run/pipeline.hpp"

using namespace sigil;

namespace {

// Events of 37 sessions interleaved; each carries its global position in event.id.
std::string write_events(std::size_t count) {
  char path[] = "/tmp/sigil-keyed-XXXXXX";
  int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream out(path);
  for (std::size_t i = 0; i < count; ++i)
    out << fmt::format(R"({{"kind":"prompt","time":"2026-11-25T10:00:00Z","event":{{"id":"{}"}},)"
                       R"("session":{{"id":"s{}"}},"user":{{"id":"u"}}}})",
                       i, (i * 7) % 37)
        << "\n";
  return path;
}

// Routes by session; records, per session, the event ids it saw; raises a "keyed alert" on every
// 10th event.
class RecordingProcessor final : public KeyedProcessor {
 public:
  explicit RecordingProcessor(const FieldPlan& plan) : plan_(plan) {}
  std::size_t shard_count() const override { return 8; }
  bool route(const Event& event, std::uint32_t event_index, eval::Evaluator*, RoutedWork& out) const override {
    std::uint64_t key = stable_hash(event.text(plan_.well_known().session_id));
    out.add(shard_of(key, shard_count()), {event_index, 0, 0, key, 0, 0});
    return true;
  }
  void process(std::size_t shard, const BatchView& batch, std::span<const KeyedWork> work,
               KeyedAlerts& out) override {
    for (const KeyedWork& w : work) {
      const Event& event = batch.events[w.event_index];
      std::string session(event.text(plan_.well_known().session_id));
      long id = std::stol(std::string(event.text(plan_.well_known().event_id)));
      {
        std::lock_guard lock(mutex_);  // the test's bookkeeping only; shards never share a session
        seen_[session].push_back(id);
        shard_of_session_.try_emplace(session, shard);
        if (shard_of_session_[session] != shard) session_moved_ = true;
      }
      if (id % 10 == 0) out.alerts.push_back({w.event_index, 0, 0, 0, fmt::format("keyed {}\n", id)});
    }
  }
  void finish(KeyedAlerts& out) override { out.alerts.push_back({0, 0, 0, 0, "finished\n"}); }

  std::map<std::string, std::vector<long>> seen_;
  std::map<std::string, std::size_t> shard_of_session_;
  bool session_moved_ = false;

 private:
  const FieldPlan& plan_;
  std::mutex mutex_;
};

struct Collect final : RejectSink, AlertSink {
  void write_dead_letters(std::string_view) override {}
  void write_alerts(std::string_view alerts) override { text += alerts; }
  std::string text;
};

}  // namespace

TEST_CASE("keyed stage: every session is seen by one shard, in input order, at any thread count") {
  const std::size_t count = 5000;
  std::string path = write_events(count);
  FieldPlan plan(FieldCatalog::builtin());
  plan.freeze();
  std::string first_output;
  for (std::size_t threads : {1, 2, 4}) {
    CAPTURE(threads);
    SourceTable sources;
    auto source = JsonlSource::open(path, sources.add(SourceTable::Type::file, path));
    PipelineOptions options;
    options.threads = threads;
    options.read.max_records = 64;  // many batches in flight
    Pipeline pipeline(source, sources, plan, options);
    RecordingProcessor processor(plan);
    pipeline.set_keyed_processor(&processor);
    Collect sink;
    PipelineStats stats = pipeline.run(sink, &sink, {});
    CHECK(stats.accepted == count);
    CHECK_FALSE(processor.session_moved_);
    std::size_t total = 0;
    for (const auto& [session, ids] : processor.seen_) {
      CHECK(std::is_sorted(ids.begin(), ids.end()));
      total += ids.size();
    }
    CHECK(total == count);
    // Keyed alerts come out in input order, and the end-of-input flush last.
    std::string expected;
    for (std::size_t i = 0; i < count; i += 10) expected += fmt::format("keyed {}\n", i);
    expected += "finished\n";
    CHECK(sink.text == expected);
    if (first_output.empty()) first_output = sink.text;
    CHECK(sink.text == first_output);
  }
  std::remove(path.c_str());
}

TEST_CASE("keyed stage: the shard of a session is stable") {
  CHECK(shard_of(stable_hash("session-1"), 64) == shard_of(stable_hash("session-1"), 64));
  CHECK(shard_of(stable_hash(""), 8) < 8);
  std::set<std::size_t> used;
  for (int i = 0; i < 1000; ++i) used.insert(shard_of(stable_hash("s" + std::to_string(i)), 16));
  CHECK(used.size() == 16);  // 1,000 sessions spread over every shard
}
