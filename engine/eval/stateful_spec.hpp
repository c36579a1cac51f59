#pragma once
// The compiled form of a rule's per-key state (windows, aggregates, baselines, new terms,
// sequences, suppression), part of the RuleGraph. The stateless part of every stateful rule
// (its condition, each step's `where`) is an ExprNode of the same graph, so its predicates are
// shared with every other rule; engine/keyed runs what is described here.
//
// Thread safety: immutable once compiled, like the rest of the graph.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/event/field_id.hpp"
#include "engine/event/kind.hpp"

namespace sigil::eval {

using DurationNs = std::int64_t;

// The key of a piece of state: the first value of each field (absent fields count as empty).
struct KeySpec {
  std::vector<FieldId> fields;
};

enum class AggregateFn : std::uint8_t { count, sum, avg, min, max, distinct, p50, p90, p95, p99 };

struct AggregateSpec {
  std::string name;
  AggregateFn fn = AggregateFn::count;
  FieldId field = kNoField;  // kNoField for count()
  bool needs_baseline = false;
  DurationNs baseline_horizon = 0;
};

struct ArithNode {
  enum class Kind : std::uint8_t { number, aggregate, baseline, zscore, add, sub, mul, div, neg };
  Kind kind = Kind::number;
  double number = 0;
  std::uint32_t aggregate = 0;
  std::vector<ArithNode> children;
};

struct HavingNode {
  enum class Kind : std::uint8_t { compare, and_, or_, not_ };
  enum class Op : std::uint8_t { eq, ne, lt, le, gt, ge };
  Kind kind = Kind::compare;
  Op op = Op::gt;
  std::vector<ArithNode> operands;
  std::vector<HavingNode> children;
};

struct WindowSpec {
  bool tumbling = false;
  DurationNs length = 0;
  KeySpec key;
  std::vector<AggregateSpec> aggregates;
  HavingNode having;
  std::uint32_t baseline_warmup = 3;
};

struct NewTermsSpec {
  FieldId field = kNoField;
  KeySpec key;
  DurationNs horizon = 0;
};

struct BoundTestSpec {
  enum class Op : std::uint8_t { eq, contains, startswith, endswith };
  FieldId field = kNoField;
  Op op = Op::eq;
  bool negated = false;
  bool cased = false;
  std::uint32_t binding = 0;
};

struct StepSpec {
  std::string name;
  KindMask kinds = 0;
  std::uint32_t node = 0;               // ExprNode of the step's stateless `where`
  std::vector<BoundTestSpec> bound_tests;
  std::optional<FieldId> key_field;     // per-step join key, else the sequence's key
  std::uint32_t min_repeat = 1;
  std::uint32_t max_repeat = 1;         // 0: unbounded
  bool absent = false;
  std::vector<std::pair<std::uint32_t, FieldId>> binds;  // binding index <- field
};

struct SequenceSpec {
  KeySpec key;
  DurationNs within = 0;
  std::vector<StepSpec> steps;
  std::uint32_t binding_count = 0;
  std::vector<std::string> binding_names;
  std::optional<StepSpec> until;
};

struct SuppressSpec {
  DurationNs length = 0;
  KeySpec key;
};

struct StatefulRule {
  enum class Type : std::uint8_t { window, new_terms, sequence };
  Type type = Type::window;
  std::uint32_t rule = 0;               // index into RuleGraph::rules
  std::optional<WindowSpec> window;
  std::optional<NewTermsSpec> new_terms;
  std::optional<SequenceSpec> sequence;
  std::vector<FieldId> evidence_fields; // fields the alert's evidence shows for each event
};

// One thing the parallel stage checks per event of a kind: the node of a stateful rule (its
// condition, or one step of a sequence) whose truth sends the event to the keyed stage.
struct Trigger {
  std::uint32_t stateful = 0;  // index into RuleGraph::stateful
  std::uint32_t step = 0;      // sequence step (steps.size() for `until`); 0 otherwise
  std::uint32_t node = 0;      // ExprNode to evaluate
};

}  // namespace sigil::eval
