// PartitionedRuntime (engine/keyed/partitioned_runtime.hpp): one StatefulRuntime per input
// partition, as in the Kafka mode. Events carry Kafka positions (topic "events", a partition, an
// offset) from an in-memory source. State is per partition; the state of one partition, moved by
// snapshot()/restore() into another process's runtime mid-stream, gives the alerts of an
// uninterrupted run.
#include <algorithm>

#include "engine/keyed/partitioned_runtime.hpp"
#include "keyed_support.hpp"

using namespace keyed_test;

namespace {

struct Positioned {
  Ev event;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

// Events with their partitions; offsets numbered per partition in list order.
std::vector<Positioned> on_partitions(const std::vector<std::pair<Ev, std::int32_t>>& events) {
  std::vector<Positioned> out;
  std::map<std::int32_t, std::int64_t> next;
  for (const auto& [e, p] : events) out.push_back({e, p, next[p]++});
  return out;
}

// A Kafka-like source: records with {source, partition, offset} positions, `per_batch` per batch.
class PartitionInput final : public Source {
 public:
  PartitionInput(std::uint32_t source, std::vector<Positioned> events, std::size_t per_batch)
      : source_(source), events_(std::move(events)), per_batch_(per_batch) {}
  bool read(RawBatch& batch, const ReadLimits& limits) override {
    batch.clear();
    while (next_ < events_.size() && batch.records.size() < std::min(per_batch_, limits.max_records)) {
      const Positioned& e = events_[next_++];
      std::string line = jsonl({e.event});
      line.pop_back();  // the newline
      RawRecord r;
      r.offset = batch.bytes.size();
      r.length = r.original_length = line.size();
      r.position = SourcePosition{source_, e.partition, e.offset};
      batch.bytes += line;
      batch.records.push_back(r);
    }
    return !batch.records.empty();
  }

 private:
  std::uint32_t source_;
  std::vector<Positioned> events_;
  std::size_t per_batch_;
  std::size_t next_ = 0;
};

// One process: its source table (the topic "events") and its partitioned runtime.
struct Process {
  explicit Process(const eval::RuleGraph& g, std::size_t shards = 8) : graph(g) {
    topic = sources.add(SourceTable::Type::kafka, "events");
    keyed::StateLimits limits;
    limits.shards = shards;
    limits.lateness_ns = 30 * kSec;
    runtime = std::make_unique<keyed::PartitionedRuntime>(g, sources, AlertFormat::native, limits);
  }
  // Runs the events through a new pipeline (a pause, not an end, unless `finish_at_end`).
  std::vector<Alert> feed(const std::vector<Positioned>& events, bool finish_at_end = false, std::size_t threads = 2,
                          std::size_t per_batch = 3) {
    PartitionInput input(topic, events, per_batch);
    PipelineOptions options;
    options.threads = threads;
    options.lateness_ns = 30 * kSec;
    options.finish_keyed_at_end = finish_at_end;
    Pipeline pipeline(input, sources, graph, AlertFormat::native, options);
    pipeline.set_keyed_processor(runtime.get());
    Collect sink;
    pipeline.run(sink, &sink, {});
    std::vector<Alert> alerts;
    for (std::size_t start = 0; start < sink.alerts.size();) {
      std::size_t end = sink.alerts.find('\n', start);
      alerts.push_back(parse_alert(sink.alerts.substr(start, end - start)));
      start = end + 1;
    }
    return alerts;
  }
  keyed::PartitionId partition(std::int32_t p) const { return {topic, p}; }

  const eval::RuleGraph& graph;
  SourceTable sources;
  std::uint32_t topic = 0;
  std::unique_ptr<keyed::PartitionedRuntime> runtime;
};

// Sessions s1 on partition 0, s2 and the api calls (session s3) on partition 1.
std::vector<Positioned> stream() {
  return on_partitions({{named(prompt(0, "s1"), "e1"), 0},
                        {named(prompt(1 * kMin, "s1"), "e2"), 0},
                        {named(prompt(2 * kMin, "s2", "u2", "first"), "e3"), 1},
                        {named(api_call(3 * kMin, "x", "s3"), "e4"), 1},
                        {named(prompt(4 * kMin, "s1"), "e5"), 0},
                        {named(prompt(5 * kMin, "s2", "u2", "second"), "e6"), 1},
                        {named(api_call(6 * kMin, "x", "s3"), "e7"), 1},
                        {named(api_call(7 * kMin, "y", "s3"), "e8"), 1}});
}
std::vector<Positioned> part(const std::vector<Positioned>& events, std::size_t begin, std::size_t end,
                             std::optional<std::int32_t> partition = std::nullopt) {
  std::vector<Positioned> out;
  for (std::size_t i = begin; i < end && i < events.size(); ++i)
    if (!partition || events[i].partition == *partition) out.push_back(events[i]);
  return out;
}

std::vector<std::string> sorted_ids(std::initializer_list<const std::vector<Alert>*> lists) {
  std::vector<std::string> out;
  for (const auto* list : lists)
    for (const Alert& a : *list) out.push_back(a.alert_id);
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const std::vector<Alert>& alerts) {
  std::string out;
  for (const Alert& a : alerts) out += a.line + "\n";
  return out;
}

}  // namespace

TEST_CASE("partitioned runtime: the alerts of one partition's stream equal a plain StatefulRuntime's") {
  auto graph = compile(one_rule_of_each_kind());
  Process process(*graph);
  std::vector<Alert> alerts = process.feed(stream(), /*finish_at_end=*/true);
  INFO(describe(alerts));
  // Every session is on one partition, so nothing is split: the same alerts as without partitions.
  std::vector<Ev> plain;
  for (const Positioned& p : stream()) plain.push_back(p.event);
  RunResult whole = run(*graph, plain);
  INFO(whole.describe());
  CHECK(alerts.size() == whole.alerts.size());
  std::size_t bursts = 0, sequences = 0;
  for (const Alert& a : alerts) {
    bursts += a.rule == "burst";
    sequences += a.rule == "two_step";
  }
  CHECK(bursts == 1);
  CHECK(sequences == 1);
  CHECK(process.runtime->partitions().size() == 2);
}

TEST_CASE("partitioned runtime: state is per partition (a session split over partitions is two)") {
  auto graph = compile(one_rule_of_each_kind());
  // Three prompts of s1: on one partition they make a burst, over two partitions they do not.
  std::vector<Positioned> together =
      on_partitions({{prompt(0, "s1"), 4}, {prompt(1 * kMin, "s1"), 4}, {prompt(2 * kMin, "s1"), 4}});
  std::vector<Positioned> split =
      on_partitions({{prompt(0, "s1"), 4}, {prompt(1 * kMin, "s1"), 5}, {prompt(2 * kMin, "s1"), 4}});
  Process a(*graph), b(*graph);
  CHECK(a.feed(together, true).size() == 1);
  CHECK(b.feed(split, true).empty());
  CHECK(b.runtime->stats(b.partition(4)).keys > 0);
  CHECK(b.runtime->stats(b.partition(5)).keys > 0);
  CHECK(b.runtime->stats(b.partition(6)).keys == 0);
  // The processor's stats are its partitions' summed, per rule too (SIGIL_STATE_BY_RULE's lines).
  const keyed::StateStats total = b.runtime->stats();
  const keyed::StateStats p4 = b.runtime->stats(b.partition(4)), p5 = b.runtime->stats(b.partition(5));
  CHECK(total.keys == p4.keys + p5.keys);
  REQUIRE(total.keys_per_rule.size() == graph->stateful.size());
  REQUIRE(total.bytes_per_rule.size() == graph->stateful.size());
  for (std::size_t i = 0; i < graph->stateful.size(); ++i) {
    CHECK(total.keys_per_rule[i] == p4.keys_per_rule[i] + p5.keys_per_rule[i]);
    CHECK(total.bytes_per_rule[i] == p4.bytes_per_rule[i] + p5.bytes_per_rule[i]);
  }
  b.runtime->close(b.partition(4));
  CHECK(b.runtime->stats(b.partition(4)).keys == 0);
  CHECK(b.runtime->partitions().size() == 1);
}

TEST_CASE("partitioned runtime: one partition handed over mid-stream gives the alerts of an uninterrupted run") {
  auto graph = compile(one_rule_of_each_kind());
  Process whole(*graph);
  std::vector<Alert> expected = whole.feed(stream(), true);
  REQUIRE(expected.size() >= 3);

  // Process a reads the first half of both partitions, then partition 1 moves to process b.
  Process a(*graph), b(*graph);
  std::vector<Alert> first = a.feed(part(stream(), 0, 4));
  std::string snapshot = a.runtime->snapshot(a.partition(1));
  a.runtime->close(a.partition(1));
  std::string error = b.runtime->restore(b.partition(1), snapshot);
  INFO(error);
  REQUIRE(error.empty());
  CHECK(b.runtime->stats(b.partition(1)).keys > 0);
  std::vector<Alert> rest_a = a.feed(part(stream(), 4, 8, 0), true);
  std::vector<Alert> rest_b = b.feed(part(stream(), 4, 8, 1), true, /*threads=*/3, /*per_batch=*/1);
  std::string shown = describe(first) + "--\n" + describe(rest_a) + "--\n" + describe(rest_b);
  INFO(shown);
  CHECK(sorted_ids({&first, &rest_a, &rest_b}) == sorted_ids({&expected}));
  CHECK(a.runtime->partitions().size() == 1);

  // Without the handover, b misses the sequence (and the test can fail).
  Process c(*graph);
  std::vector<Alert> alone = c.feed(part(stream(), 4, 8, 1), true);
  CHECK(sorted_ids({&first, &rest_a, &alone}) != sorted_ids({&expected}));
}

TEST_CASE("partitioned runtime: a refused snapshot leaves the partition with empty state") {
  auto graph = compile(one_rule_of_each_kind());
  auto other_graph = compile(rule("other", "prompt", "  window 1m by user.id\n  aggregate n = count()\n  having n >= 2"));
  Process other(*other_graph);
  other.feed(on_partitions({{prompt(0), 1}}));
  Process target(*graph);
  target.feed(part(stream(), 0, 4));
  REQUIRE(target.runtime->stats(target.partition(1)).keys > 0);
  std::string error = target.runtime->restore(target.partition(1), other.runtime->snapshot(other.partition(1)));
  CHECK(error.find("other rules") != std::string::npos);
  CHECK(target.runtime->stats(target.partition(1)).keys == 0);
  CHECK_FALSE(target.runtime->restore(target.partition(1), "garbage").empty());
  CHECK(target.runtime->partitions().size() == 2);
  // An unknown partition snapshots as empty state, which restores.
  CHECK(target.runtime->restore(target.partition(9), target.runtime->snapshot(target.partition(8))).empty());
}
