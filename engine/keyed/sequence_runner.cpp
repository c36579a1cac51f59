#include "engine/keyed/sequence_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>

#include "engine/match/case_fold.hpp"
#include "engine/match/linear_search.hpp"
#include "engine/state/time.hpp"

namespace sigil::keyed {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

bool fold_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (match::fold_byte(static_cast<unsigned char>(a[i])) != match::fold_byte(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool bound_test_holds(const eval::BoundTestSpec& t, std::string_view bound, const Event& event) {
  bool any = false;
  for (const Value& v : event.values(t.field)) {
    if (v.type != ValueType::string && v.type != ValueType::raw_json) continue;
    std::string_view text = v.text;
    bool hit = false;
    switch (t.op) {
      case eval::BoundTestSpec::Op::eq: hit = t.cased ? text == bound : fold_equal(text, bound); break;
      case eval::BoundTestSpec::Op::contains:
        hit = match::contains_linear(text, bound, t.cased);
        break;
      case eval::BoundTestSpec::Op::startswith:
        hit = text.size() >= bound.size() &&
              (t.cased ? text.substr(0, bound.size()) == bound : fold_equal(text.substr(0, bound.size()), bound));
        break;
      case eval::BoundTestSpec::Op::endswith:
        hit = text.size() >= bound.size() && (t.cased ? text.substr(text.size() - bound.size()) == bound
                                                      : fold_equal(text.substr(text.size() - bound.size()), bound));
        break;
    }
    if (hit) {
      any = true;
      break;
    }
  }
  return any != t.negated;
}

std::string value_text(const Value& v) {
  switch (v.type) {
    case ValueType::string:
    case ValueType::raw_json: return std::string(v.text);
    case ValueType::integer: return std::to_string(v.integer);
    case ValueType::number: return fmt::format("{}", v.number);
    case ValueType::boolean: return v.boolean ? "true" : "false";
    case ValueType::null: return "";
  }
  return "";
}

}  // namespace

SequenceRunner::SequenceRunner(const eval::StatefulRule& rule, const FieldPlan& plan, std::int64_t lateness,
                               std::size_t max_keys)
    : rule_(rule), spec_(*rule.sequence), plan_(&plan), keys_(spec_.within + lateness, max_keys) {
  if (spec_.steps.size() > 64)  // the checker allows 16 (dsl/check/sequence_checker.hpp)
    throw std::length_error("sequence with more than 64 steps");
  for (std::uint32_t i = 0; i < spec_.steps.size(); ++i) {
    if (spec_.steps[i].absent) continue;
    if (first_present_ == kNone) first_present_ = i;
    last_present_ = i;
  }
}

std::uint32_t SequenceRunner::next_present(std::uint32_t step) const {
  for (std::uint32_t i = step + 1; i < spec_.steps.size(); ++i)
    if (!spec_.steps[i].absent) return i;
  return kNone;
}

bool SequenceRunner::bound_tests_hold(const eval::StepSpec& step, const Instance& instance, const Event& event) const {
  for (const eval::BoundTestSpec& t : step.bound_tests) {
    if (!instance.bindings || t.binding >= spec_.binding_count) return false;
    const Binding& b = instance.bindings[t.binding];
    if (!b.bound || !bound_test_holds(t, b.text, event)) return false;
  }
  return true;
}

void SequenceRunner::capture(const eval::StepSpec& step, Instance& instance, const Event& event) const {
  for (const auto& [binding, field] : step.binds) {
    Binding& b = instance.bindings[binding];
    if (b.bound) continue;  // the first value bound stays
    const Value* v = event.first(field);
    if (v == nullptr) continue;
    b.text = value_text(*v);
    b.bound = true;
  }
}

bool SequenceRunner::in_span(const Instance& instance, std::int64_t t) const {
  return t >= instance.start && t - instance.start <= spec_.within;
}

std::size_t SequenceRunner::KeyState::heap_bytes() const {
  std::size_t bytes = malloc_bytes(at.capacity() * sizeof(Instance));
  for (const Instance& i : at) {
    bytes += i.evidence.heap_bytes();
    if (!i.bindings) continue;
    bytes += malloc_bytes(binding_count * sizeof(Binding) + sizeof(std::size_t));  // new[] keeps the count
    for (std::uint32_t b = 0; b < binding_count; ++b)
      if (i.bindings[b].text.capacity() > 15) bytes += malloc_bytes(i.bindings[b].text.capacity() + 1);  // past SSO
  }
  return bytes;
}

void SequenceRunner::process(const RunnerInput& in, AlertRaiser& sink, KeyedAlerts& out) {
  bool created = false;
  KeyState& state = keys_.touch(in.key, in.event.time_ns(), &created);
  const std::size_t before = created ? 0 : state.heap_bytes();
  update(state, in, sink, out);
  keys_.account(before, state.heap_bytes());
  // A key left with no pending instance and no absent-first time holds nothing a later event
  // could use (a fresh key behaves the same): it goes, instead of keeping S empty instances
  // until its TTL (an `until` event, a step without its predecessor, a cancelled instance).
  if (state.last_absent_first == std::numeric_limits<std::int64_t>::min() &&
      std::none_of(state.at.begin(), state.at.end(), [](const Instance& i) { return i.active; }))
    keys_.erase(in.key);
}

void SequenceRunner::update(KeyState& state, const RunnerInput& in, AlertRaiser& sink, KeyedAlerts& out) {
  const std::int64_t t = in.event.time_ns();
  if (state.at.empty()) {
    state.at.resize(spec_.steps.size());
    state.binding_count = spec_.binding_count;
  }

  if (in.step == spec_.steps.size()) {  // `until`: cancels every pending instance of the key
    for (Instance& instance : state.at)
      if (instance.active && in_span(instance, t) && bound_tests_hold(*spec_.until, instance, in.event))
        instance = Instance{};
    return;
  }
  const eval::StepSpec& step = spec_.steps[in.step];
  if (step.absent) {
    on_absent_step(state, in.step, in.event);
    return;
  }

  // 1. Repeat: the instance that last matched this step takes one more match.
  bool consumed = false;
  Instance& here = state.at[in.step];
  if (here.active && !here.waiting && in_span(here, t) && (step.max_repeat == 0 || here.count < step.max_repeat) &&
      bound_tests_hold(step, here, in.event)) {
    ++here.count;
    here.evidence.add(in.event, *plan_, in.evidence_fields);
    here.suppress_key = in.suppress_key;
    consumed = true;
    if (here.count == step.min_repeat) complete_or_wait(state, in.step, in.event_index, sink, out);
  }

  // 2. Advance: the instance waiting at the previous present step moves here (replacing an older
  // instance at this step: one pending instance per step and key, the newer wins).
  for (std::uint32_t p = 0; p < in.step; ++p) {
    if (spec_.steps[p].absent || next_present(p) != in.step) continue;
    Instance& prev = state.at[p];
    if (!prev.active || prev.waiting || prev.count < spec_.steps[p].min_repeat || !in_span(prev, t) ||
        !bound_tests_hold(step, prev, in.event))
      continue;
    Instance moved = std::move(prev);
    prev = Instance{};
    moved.count = 1;
    capture(step, moved, in.event);
    moved.evidence.add(in.event, *plan_, in.evidence_fields);
    moved.trail |= std::uint64_t{1} << in.step;
    moved.suppress_key = in.suppress_key;
    state.at[in.step] = std::move(moved);
    max_reached_ = std::max(max_reached_, in.step);
    if (step.min_repeat <= 1) complete_or_wait(state, in.step, in.event_index, sink, out);
  }

  // 3. Start: the first present step opens a new instance (unless an absent first step
  // happened within the span before it).
  if (in.step == first_present_ && !consumed) {
    if (first_present_ > 0 && state.last_absent_first != kNoTime && t - state.last_absent_first <= spec_.within)
      return;
    Instance fresh;
    fresh.active = true;
    fresh.start = t;
    next_close_ = std::min(next_close_, span_closes_at(t));
    fresh.count = 1;
    if (spec_.binding_count > 0) fresh.bindings = std::make_unique<Binding[]>(spec_.binding_count);
    capture(step, fresh, in.event);
    fresh.evidence.add(in.event, *plan_, in.evidence_fields);
    fresh.trail |= std::uint64_t{1} << in.step;
    fresh.suppress_key = in.suppress_key;
    state.at[in.step] = std::move(fresh);
    max_reached_ = std::max(max_reached_, in.step);
    if (step.min_repeat <= 1) complete_or_wait(state, in.step, in.event_index, sink, out);
  }
}

void SequenceRunner::on_absent_step(KeyState& state, std::uint32_t step, const Event& event) {
  const std::int64_t t = event.time_ns();
  if (step < first_present_) {  // "not preceded by": remember when it last happened
    state.last_absent_first = std::max(state.last_absent_first, t);
    return;
  }
  // An absent step between the instance's last present step and the next (or after the last)
  // cancels the instance.
  for (std::uint32_t p = 0; p < state.at.size(); ++p) {
    Instance& instance = state.at[p];
    if (!instance.active || p >= step) continue;
    std::uint32_t next = next_present(p);
    if (next != kNone && next < step) continue;
    if (in_span(instance, t) && bound_tests_hold(spec_.steps[step], instance, event)) instance = Instance{};
  }
}

void SequenceRunner::complete_or_wait(KeyState& state, std::uint32_t step, std::uint64_t event_index,
                                      AlertRaiser& sink, KeyedAlerts& out) {
  if (step != last_present_) return;
  Instance& instance = state.at[step];
  if (last_present_ + 1 < spec_.steps.size()) {  // an absent last step: fire when the span closes
    instance.waiting = true;
    return;
  }
  raise(instance, event_index, sink, out);
  instance = Instance{};
}

void SequenceRunner::raise(const Instance& instance, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) {
  RaisedAlert alert;
  alert.event_index = event_index;
  alert.evidence = instance.evidence.events();
  alert.contributing = instance.evidence.count();
  std::string steps;
  for (std::uint32_t s = 0; s < spec_.steps.size(); ++s)
    if (instance.trail >> s & 1) steps += (steps.empty() ? "" : " -> ") + spec_.steps[s].name;
  for (std::uint32_t s = last_present_ + 1; s < spec_.steps.size(); ++s) steps += " -> !" + spec_.steps[s].name;
  alert.detail = steps;
  for (std::uint32_t b = 0; b < spec_.binding_count; ++b)
    if (instance.bindings && instance.bindings[b].bound)
      alert.bindings.emplace_back(spec_.binding_names[b], instance.bindings[b].text);
  alert.suppress_key = instance.suppress_key;
  sink.raise(rule_, alert, out);
}

std::int64_t SequenceRunner::span_closes_at(std::int64_t start) const {
  return state::saturating_add(start, spec_.within + 1);
}

void SequenceRunner::advance(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink, KeyedAlerts& out) {
  if (watermark == kNoTime) return;
  if (watermark >= next_close_) close_spans(watermark, event_index, sink, out);
  if (watermark != std::numeric_limits<std::int64_t>::max()) keys_.expire(watermark);  // kNoTime returned above
}

void SequenceRunner::close_spans(std::int64_t watermark, std::uint64_t event_index, AlertRaiser& sink,
                                 KeyedAlerts& out) {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  keys_.for_each([&](std::uint64_t, std::int64_t, KeyState& state) {
    std::size_t before = 0;
    bool changed = false;
    for (Instance& instance : state.at) {
      if (!instance.active) continue;
      if (watermark < span_closes_at(instance.start)) {
        next = std::min(next, span_closes_at(instance.start));
        continue;
      }
      if (!changed) before = state.heap_bytes();
      changed = true;
      // The span is closed: an instance waiting on an absent last step has proven the absence.
      if (instance.waiting) raise(instance, event_index, sink, out);
      instance = Instance{};
    }
    if (changed) keys_.account(before, state.heap_bytes());
  });
  next_close_ = next;
}

}  // namespace sigil::keyed

namespace sigil::keyed {

void SequenceRunner::write_to(state::Writer& w) const {
  w.varint(max_reached_);
  keys_.write_to(w, [&](state::Writer& out, const KeyState& s) {
    out.i64(s.last_absent_first);
    out.varint(s.at.size());
    for (const Instance& i : s.at) {
      out.boolean(i.active);
      if (!i.active) continue;
      out.boolean(i.waiting);
      out.i64(i.start);
      out.varint(i.count);
      const std::uint32_t bindings = i.bindings ? spec_.binding_count : 0;
      out.varint(bindings);
      for (std::uint32_t b = 0; b < bindings; ++b) {
        out.boolean(i.bindings[b].bound);
        out.bytes(i.bindings[b].text);
      }
      out.varint(static_cast<std::uint64_t>(std::popcount(i.trail)));
      for (std::uint32_t step = 0; step < 64; ++step)
        if (i.trail >> step & 1) out.varint(step);
      i.evidence.write_to(out, *plan_);
      out.varint(i.suppress_key);
    }
  });
}

bool SequenceRunner::read_from(state::Reader& r, std::size_t source_count) {
  std::uint64_t reached = 0;
  if (!r.varint(reached)) return false;
  max_reached_ = static_cast<std::uint32_t>(reached);
  next_close_ = std::numeric_limits<std::int64_t>::min();  // restored spans: the next advance looks
  const std::size_t steps = spec_.steps.size();
  return keys_.read_from(
      r, [] { return KeyState{}; },
      [&](state::Reader& in, KeyState& s) {
        std::size_t n = 0;
        if (!in.i64(s.last_absent_first) || !in.count(n, 1, steps)) return false;
        if (n != 0 && n != steps) return in.fail("sequence: step count differs from the rule's");
        s.at.resize(n);
        s.binding_count = spec_.binding_count;
        for (Instance& i : s.at) {
          if (!in.boolean(i.active)) return false;
          if (!i.active) continue;
          std::uint64_t count = 0, suppress = 0;
          std::size_t bindings = 0, trail = 0;
          if (!in.boolean(i.waiting) || !in.i64(i.start) || !in.varint(count) ||
              !in.count(bindings, 2, spec_.binding_count))
            return false;
          if (bindings != spec_.binding_count) return in.fail("sequence: bindings differ from the rule's");
          i.count = static_cast<std::uint32_t>(count);
          if (bindings > 0) i.bindings = std::make_unique<Binding[]>(bindings);
          for (std::size_t b = 0; b < bindings; ++b) {
            bool bound = false;
            std::string_view text;
            if (!in.boolean(bound) || !in.bytes(text)) return false;
            i.bindings[b].bound = bound;
            i.bindings[b].text = std::string(text);
          }
          if (!in.count(trail, 1, steps)) return false;
          for (std::size_t t = 0; t < trail; ++t) {
            std::uint64_t step = 0;
            if (!in.varint(step)) return false;
            if (step >= steps) return in.fail("sequence: step outside the rule");
            if (i.trail >> step) return in.fail("sequence: trail steps out of order");
            i.trail |= std::uint64_t{1} << step;
          }
          if (!i.evidence.read_from(in, *plan_, source_count) || !in.varint(suppress)) return false;
          i.suppress_key = suppress;
        }
        return true;
      });
}

}  // namespace sigil::keyed
