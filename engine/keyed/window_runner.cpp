#include "engine/keyed/window_runner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/state/hash.hpp"
#include "engine/state/time.hpp"

namespace sigil::keyed {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

state::AggregateFn state_fn(eval::AggregateFn fn) { return static_cast<state::AggregateFn>(fn); }

double percentile_q(eval::AggregateFn fn) {
  switch (fn) {
    case eval::AggregateFn::p50: return 0.50;
    case eval::AggregateFn::p90: return 0.90;
    case eval::AggregateFn::p95: return 0.95;
    default: return 0.99;
  }
}

// The numeric value an event contributes to an aggregate (count: 1), or NaN when it has none.
double contribution(const eval::AggregateSpec& a, const Event& event) {
  if (a.fn == eval::AggregateFn::count) return 1.0;
  const Value* v = event.first(a.field);
  if (v == nullptr || !v->is_numeric()) return kUndefined;
  return v->type == ValueType::integer ? static_cast<double>(v->integer) : v->number;
}

bool compare(double a, eval::HavingNode::Op op, double b) {
  if (std::isnan(a) || std::isnan(b)) return false;  // an undefined baseline never holds
  switch (op) {
    case eval::HavingNode::Op::eq: return a == b;
    case eval::HavingNode::Op::ne: return a != b;
    case eval::HavingNode::Op::lt: return a < b;
    case eval::HavingNode::Op::le: return a <= b;
    case eval::HavingNode::Op::gt: return a > b;
    case eval::HavingNode::Op::ge: return a >= b;
  }
  return false;
}

}  // namespace

WindowRunner::WindowRunner(const eval::StatefulRule& rule, const FieldPlan& plan, std::int64_t lateness,
                           std::size_t max_keys)
    : rule_(rule),
      spec_(*rule.window),
      plan_(&plan),
      keys_(spec_.length + lateness + longest_horizon(spec_), max_keys),
      lateness_(lateness) {
  // Sliding sum/avg/min/max/percentiles of the same field share one SlidingAggregate (the same
  // (time, value) entries); its first aggregate feeds it.
  std::vector<FieldId> sliding_fields;
  for (const eval::AggregateSpec& a : spec_.aggregates) {
    if (a.needs_baseline) baseline_aggregate_.push_back(static_cast<std::uint32_t>(baseline_slot_.size()));
    baseline_slot_.push_back(a.needs_baseline ? static_cast<std::uint32_t>(baseline_count_++) : kNoSlot);
    const bool extremes = a.fn == eval::AggregateFn::min || a.fn == eval::AggregateFn::max;
    if (a.fn == eval::AggregateFn::count) {
      slot_.push_back(0);
      feeds_.push_back(false);
    } else if (a.fn == eval::AggregateFn::distinct) {
      slot_.push_back(static_cast<std::uint32_t>(distinct_count_++));
      feeds_.push_back(true);
    } else {
      auto it = std::find(sliding_fields.begin(), sliding_fields.end(), a.field);
      feeds_.push_back(it == sliding_fields.end());
      if (it == sliding_fields.end()) {
        sliding_fields.push_back(a.field);
        sliding_extremes_.push_back(extremes);
        it = sliding_fields.end() - 1;
      }
      const auto slot = static_cast<std::size_t>(it - sliding_fields.begin());
      sliding_extremes_[slot] = sliding_extremes_[slot] || extremes;
      slot_.push_back(static_cast<std::uint32_t>(slot));
    }
  }
  sliding_count_ = sliding_fields.size();
}

std::int64_t WindowRunner::longest_horizon(const eval::WindowSpec& spec) {
  std::int64_t longest = 0;
  for (const eval::AggregateSpec& a : spec.aggregates) longest = std::max(longest, a.baseline_horizon);
  return longest;
}

void WindowRunner::init(KeyState& state) const {
  if (spec_.tumbling) {
    state.tumbling = std::make_unique<Tumbling>();
    state.tumbling->aggregates.reserve(spec_.aggregates.size());
    for (const eval::AggregateSpec& a : spec_.aggregates) {
      state::TumblingAggregate::Options options;
      options.length = spec_.length;
      options.distinct = a.fn == eval::AggregateFn::distinct;
      options.percentiles = a.fn >= eval::AggregateFn::p50;
      state.tumbling->aggregates.emplace_back(options);
    }
  } else {
    state.arrivals = state::SlidingCount(spec_.length);
  }
  const std::size_t sliding = spec_.tumbling ? 0 : sliding_count_, distinct = spec_.tumbling ? 0 : distinct_count_;
  state.aggregates.create(
      sliding, distinct, baseline_count_,
      [&](std::size_t i) {
        return state::SlidingAggregate(spec_.length, std::size_t{1} << 16, static_cast<bool>(sliding_extremes_[i]));
      },
      [&](std::size_t) { return state::SlidingDistinct(spec_.length); },
      [&](std::size_t i) {
        const eval::AggregateSpec& a = spec_.aggregates[baseline_aggregate_[i]];
        return state::BaselineTracker(state_fn(a.fn), spec_.length, a.baseline_horizon, spec_.baseline_warmup);
      });
  state.initialized = true;
}

std::size_t WindowRunner::KeyState::heap_bytes() const {
  std::size_t bytes = arrivals.heap_bytes() + recent.heap_bytes() + aggregates.heap_bytes();
  if (tumbling) {
    bytes += malloc_bytes(sizeof(Tumbling)) +
             malloc_bytes(tumbling->aggregates.capacity() * sizeof(state::TumblingAggregate)) +
             malloc_bytes(tumbling->bucket_evidence.capacity() * sizeof(tumbling->bucket_evidence[0]));
    for (const auto& t : tumbling->aggregates) bytes += t.memory_bytes() - sizeof(t);
    for (const auto& [start, log] : tumbling->bucket_evidence) bytes += log.heap_bytes();
  }
  return bytes;
}

double WindowRunner::evaluate(const eval::ArithNode& n, const std::vector<double>& values, const KeyState& s) const {
  auto child = [&](std::size_t i) { return evaluate(n.children.at(i), values, s); };
  switch (n.kind) {
    case eval::ArithNode::Kind::number: return n.number;
    case eval::ArithNode::Kind::aggregate: return values.at(n.aggregate);
    case eval::ArithNode::Kind::baseline: {
      const state::BaselineTracker* b = baseline(s, n.aggregate);
      return b && b->defined() ? b->baseline().mean() : kUndefined;
    }
    case eval::ArithNode::Kind::zscore: {
      const state::BaselineTracker* b = baseline(s, n.aggregate);
      return b && b->defined() ? b->zscore(values.at(n.aggregate)) : kUndefined;
    }
    case eval::ArithNode::Kind::add: return child(0) + child(1);
    case eval::ArithNode::Kind::sub: return child(0) - child(1);
    case eval::ArithNode::Kind::mul: return child(0) * child(1);
    case eval::ArithNode::Kind::div: return child(0) / child(1);
    case eval::ArithNode::Kind::neg: return -child(0);
  }
  return kUndefined;
}

bool WindowRunner::holds(const eval::HavingNode& n, const std::vector<double>& values, const KeyState& s) const {
  switch (n.kind) {
    case eval::HavingNode::Kind::compare:
      return compare(evaluate(n.operands.at(0), values, s), n.op, evaluate(n.operands.at(1), values, s));
    case eval::HavingNode::Kind::and_:
      for (const auto& c : n.children)
        if (!holds(c, values, s)) return false;
      return true;
    case eval::HavingNode::Kind::or_:
      for (const auto& c : n.children)
        if (holds(c, values, s)) return true;
      return false;
    case eval::HavingNode::Kind::not_: return !holds(n.children.at(0), values, s);
  }
  return false;
}

void WindowRunner::sliding_values(const KeyState& s, std::vector<double>& out) {
  out.clear();
  for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
    const eval::AggregateSpec& a = spec_.aggregates[i];
    if (a.fn == eval::AggregateFn::count) {
      out.push_back(static_cast<double>(s.arrivals.count()));
      continue;
    }
    if (a.fn == eval::AggregateFn::distinct) {
      out.push_back(static_cast<double>(s.aggregates.distinct()[slot_[i]].count()));
      continue;
    }
    const state::SlidingAggregate& w = s.aggregates.sliding()[slot_[i]];
    switch (a.fn) {
      case eval::AggregateFn::sum: out.push_back(w.sum()); break;
      case eval::AggregateFn::avg: out.push_back(w.count() ? w.avg() : kUndefined); break;
      case eval::AggregateFn::min: out.push_back(w.count() ? w.min() : kUndefined); break;
      case eval::AggregateFn::max: out.push_back(w.count() ? w.max() : kUndefined); break;
      default: out.push_back(w.count() ? w.percentile(percentile_q(a.fn), scratch_) : kUndefined); break;
    }
  }
}

void WindowRunner::process(const RunnerInput& in, AlertRaiser& sink, KeyedAlerts& out) {
  bool created = false;
  KeyState& s = keys_.touch(in.key, in.event.time_ns(), &created);
  const std::size_t heap_before = created ? 0 : s.heap_bytes();
  if (!s.initialized) init(s);
  update(s, in, sink, out);
  keys_.account(heap_before, s.heap_bytes());
}

void WindowRunner::update(KeyState& s, const RunnerInput& in, AlertRaiser& sink, KeyedAlerts& out) {
  const std::int64_t t = in.event.time_ns();
  for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
    const eval::AggregateSpec& a = spec_.aggregates[i];
    state::BaselineTracker* b = baseline(s, i);
    if (a.fn == eval::AggregateFn::distinct) {
      for (const Value& v : in.event.values(a.field)) {
        std::uint64_t h = v.is_numeric() ? state::hash_number(v.number) : state::hash_value(v.text);
        if (spec_.tumbling) add_tumbling(s.tumbling->aggregates[i], t, 1.0, h);
        else s.aggregates.distinct()[slot_[i]].add(t, h);
        if (b) b->add(t, 1.0, h);
      }
      continue;
    }
    double value = contribution(a, in.event);
    if (std::isnan(value)) continue;
    if (spec_.tumbling) add_tumbling(s.tumbling->aggregates[i], t, value, 0);
    else if (feeds_[i]) s.aggregates.sliding()[slot_[i]].add(t, value);  // count: arrivals; shared fields: once
    if (b) b->add(t, value);
  }
  s.suppress_key = in.suppress_key;
  // Baselines complete their buckets from the key's own events only (t - lateness), so what they
  // hold at an event never depends on where batches happen to end.
  for (auto& b : s.aggregates.baselines()) b.close_until(t - lateness_);
  if (spec_.tumbling) {  // judged when the bucket closes; its evidence waits with it
    std::int64_t start = state::bucket_start(t, spec_.length);
    auto& buckets = s.tumbling->bucket_evidence;
    auto it = std::find_if(buckets.begin(), buckets.end(), [&](const auto& b) { return b.first == start; });
    if (it == buckets.end()) it = buckets.emplace(buckets.end(), start, EvidenceLog{});
    it->second.add(in.event, *plan_, in.evidence_fields);
    return;
  }

  s.arrivals.add(t);
  s.recent.add(in.event, *plan_, in.evidence_fields);
  s.arrivals.expire(t);
  for (auto& w : s.aggregates.sliding()) w.expire(t);
  for (auto& d : s.aggregates.distinct()) d.expire(t);
  sliding_values(s, values_);
  if (!holds(spec_.having, values_, s)) return;
  const std::int64_t end = s.arrivals.end();
  raise(s, s.recent.in_window(end, spec_.length), s.arrivals.count(), in.event_index, values_, sink, out);
  // One crossing, one alert: the window starts afresh.
  for (auto& w : s.aggregates.sliding()) w.clear();
  for (auto& d : s.aggregates.distinct()) d.clear();
  s.arrivals.clear();
  s.recent.clear();
}

void WindowRunner::raise(const KeyState& s, std::vector<const StoredEvent*> evidence, std::uint64_t contributing,
                         std::uint64_t event_index, const std::vector<double>& values, AlertRaiser& sink,
                         KeyedAlerts& out) {
  RaisedAlert alert;
  alert.event_index = event_index;
  alert.evidence = std::move(evidence);
  alert.contributing = contributing;
  for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
    alert.values.emplace_back(spec_.aggregates[i].name, values[i]);
    if (const state::BaselineTracker* b = baseline(s, i); b && b->defined())
      alert.values.emplace_back("baseline(" + spec_.aggregates[i].name + ")", b->baseline().mean());
  }
  alert.suppress_key = s.suppress_key;
  sink.raise(rule_, alert, out);
}

void WindowRunner::add_tumbling(state::TumblingAggregate& aggregate, std::int64_t t, double value, std::uint64_t hash) {
  const std::uint64_t forced = aggregate.forced();
  aggregate.add(t, value, hash);
  const std::int64_t closes = aggregate.forced() != forced
                                  ? std::numeric_limits<std::int64_t>::min()  // closed early: due now
                                  : state::saturating_add(state::bucket_start(t, spec_.length), spec_.length);
  next_bucket_close_ = std::min(next_bucket_close_, closes);
}

void WindowRunner::advance(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) {
  if (spec_.tumbling && watermark >= next_bucket_close_) {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    keys_.for_each([&](std::uint64_t, std::int64_t, KeyState& s) {
      const std::size_t before = s.heap_bytes();
      close_tumbling(s, watermark, event_index, sink, out);
      keys_.account(before, s.heap_bytes());
      // What stays open has events, so evidence; a bucket the aggregate refused only scans early.
      for (const auto& bucket : s.tumbling->bucket_evidence)
        next = std::min(next, state::saturating_add(bucket.first, spec_.length));
    });
    next_bucket_close_ = next;
  }
  if (watermark != std::numeric_limits<std::int64_t>::max() && watermark != std::numeric_limits<std::int64_t>::min())
    keys_.expire(watermark);
}

void WindowRunner::close_tumbling(KeyState& s, std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink,
                                  KeyedAlerts& out) {
  // Every aggregate of a key has its buckets aligned; close them together, oldest first.
  std::vector<std::vector<state::BucketResult>> closed(spec_.aggregates.size());
  for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
    if (watermark == std::numeric_limits<std::int64_t>::max()) s.tumbling->aggregates[i].close_all(closed[i]);
    else s.tumbling->aggregates[i].close_until(watermark, closed[i]);
  }
  std::vector<std::int64_t> starts;
  for (const auto& list : closed)
    for (const auto& b : list) starts.push_back(b.start);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (std::int64_t start : starts) {
    values_.clear();
    for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
      double v = spec_.aggregates[i].fn == eval::AggregateFn::count ? 0.0 : kUndefined;
      for (const auto& b : closed[i])
        if (b.start == start) v = b.value(state_fn(spec_.aggregates[i].fn));
      values_.push_back(v);
    }
    auto it = std::find_if(s.tumbling->bucket_evidence.begin(), s.tumbling->bucket_evidence.end(),
                           [&](const auto& b) { return b.first == start; });
    if (it == s.tumbling->bucket_evidence.end()) continue;  // a bucket without events cannot hold
    if (holds(spec_.having, values_, s)) raise(s, it->second.events(), it->second.count(), event_index, values_, sink, out);
    s.tumbling->bucket_evidence.erase(it);
  }
}

void WindowRunner::write_to(state::Writer& w) const {
  keys_.write_to(w, [&](state::Writer& out, const KeyState& s) {
    out.boolean(s.initialized);
    if (!s.initialized) return;
    for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
      const eval::AggregateFn fn = spec_.aggregates[i].fn;
      if (spec_.tumbling) s.tumbling->aggregates[i].write_to(out);
      else if (fn == eval::AggregateFn::distinct) s.aggregates.distinct()[slot_[i]].write_to(out);
      else if (fn != eval::AggregateFn::count && feeds_[i]) s.aggregates.sliding()[slot_[i]].write_to(out);
      const state::BaselineTracker* b = baseline(s, i);
      out.boolean(b != nullptr);
      if (b) b->write_to(out);
    }
    if (spec_.tumbling) {
      out.varint(s.tumbling->bucket_evidence.size());
      for (const auto& [start, log] : s.tumbling->bucket_evidence) {
        out.i64(start);
        log.write_to(out, *plan_);
      }
    } else {
      s.arrivals.write_to(out);
      s.recent.write_to(out, *plan_);
    }
    out.varint(s.suppress_key);
  });
}

bool WindowRunner::read_from(state::Reader& r, std::size_t source_count) {
  next_bucket_close_ = std::numeric_limits<std::int64_t>::min();  // restored buckets: the next advance looks
  return keys_.read_from(
      r, [] { return KeyState{}; },
      [&](state::Reader& in, KeyState& s) {
        bool initialized = false;
        if (!in.boolean(initialized)) return false;
        if (!initialized) return true;
        init(s);
        for (std::size_t i = 0; i < spec_.aggregates.size(); ++i) {
          const eval::AggregateFn fn = spec_.aggregates[i].fn;
          if (spec_.tumbling) {
            if (!s.tumbling->aggregates[i].read_from(in)) return false;
          } else if (fn == eval::AggregateFn::distinct) {
            if (!s.aggregates.distinct()[slot_[i]].read_from(in)) return false;
          } else if (fn != eval::AggregateFn::count && feeds_[i] && !s.aggregates.sliding()[slot_[i]].read_from(in)) {
            return false;
          }
          bool has_baseline = false;
          if (!in.boolean(has_baseline)) return false;
          state::BaselineTracker* b = baseline(s, i);
          if (has_baseline != (b != nullptr)) return in.fail("window: baseline differs from the rule's");
          if (b && !b->read_from(in)) return false;
        }
        if (spec_.tumbling) {
          std::size_t buckets = 0;
          if (!in.count(buckets, 2, 64)) return false;
          for (std::size_t b = 0; b < buckets; ++b) {
            std::int64_t start = 0;
            EvidenceLog log;
            if (!in.i64(start) || !log.read_from(in, *plan_, source_count)) return false;
            s.tumbling->bucket_evidence.emplace_back(start, std::move(log));
          }
        } else if (!s.arrivals.read_from(in) || !s.recent.read_from(in, *plan_, source_count)) {
          return false;
        }
        return in.varint(s.suppress_key);
      });
}

}  // namespace sigil::keyed
