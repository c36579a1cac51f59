// Processing-time timers: when a streaming source goes idle, the watermark moves on with the
// wall clock, so an absence span closes without any further event.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "keyed/keyed_support.hpp"

using namespace sigil;
using namespace keyed_test;

namespace {

// Serves one batch of lines, then empty batches (as a streaming source does while it waits)
// until `idle` has passed, then ends.
class IdleSource final : public Source {
 public:
  IdleSource(std::string lines, std::chrono::milliseconds idle, std::uint32_t source)
      : lines_(std::move(lines)), idle_(idle), source_(source) {}

  bool read(RawBatch& batch, const ReadLimits&) override {
    batch.clear();
    if (!served_) {
      served_ = true;
      started_idle_ = std::chrono::steady_clock::now();
      std::size_t start = 0;
      std::int64_t line = 0;
      while (start < lines_.size()) {
        std::size_t end = lines_.find('\n', start);
        RawRecord r;
        r.offset = batch.bytes.size();
        batch.bytes.append(lines_, start, end - start);
        r.length = r.original_length = end - start;
        r.position = {source_, -1, ++line};
        batch.records.push_back(r);
        start = end + 1;
      }
      return true;
    }
    if (std::chrono::steady_clock::now() - started_idle_ > idle_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return true;  // an empty batch: nothing arrived
  }

 private:
  std::string lines_;
  std::chrono::milliseconds idle_;
  std::uint32_t source_;
  bool served_ = false;
  std::chrono::steady_clock::time_point started_idle_;
};

std::string absence_rule() {
  return rule("no_approval", "",
              "  sequence by session.id within 1s {\n"
              "    call: agent_action where tool.name == \"execute_shell\"\n"
              "    !approve: agent_action where tool.approval.status == \"approved\"\n"
              "  }");
}

}  // namespace

TEST_CASE("idle source: the wall clock closes an absence span no later event would close") {
  auto graph = compile(absence_rule());
  std::string lines = jsonl({ev("agent_action", 0, R"("tool.name":"execute_shell")")});
  {
    const bool finish_at_end = false;
    SourceTable sources;
    std::uint32_t id = sources.add(SourceTable::Type::kafka, "telemetry");
    IdleSource source(lines, std::chrono::milliseconds(1500), id);
    PipelineOptions options;
    options.threads = 2;
    options.lateness_ns = 0;
    options.finish_keyed_at_end = finish_at_end;  // a paused stream: only the idle timer can fire
    Pipeline pipeline(source, sources, *graph, AlertFormat::native, options);
    keyed::StateLimits limits;
    limits.lateness_ns = 0;
    keyed::StatefulRuntime runtime(*graph, sources, AlertFormat::native, limits);
    pipeline.set_keyed_processor(&runtime);
    Collect sink;
    PipelineStats stats = pipeline.run(sink, &sink, {});
    CHECK(stats.accepted == 1);
    CHECK(stats.alerts == 1);
    CHECK(sink.alerts.find("\"id\":\"no_approval\"") != std::string::npos);
  }
}
