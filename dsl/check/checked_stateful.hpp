#pragma once
// The stateful part of a checked rule (windows, aggregations, baselines, new terms, sequences,
// absence, suppression): what the checker hands to the compiler besides the stateless condition.
// Grammar and meaning: docs/rule-language.md, "Per-session state".
//
//   rule kb_scraping {                       # aggregation over a sliding window, per key
//     ... on retrieval
//     selection q { retrieval.operation == "query" }
//     condition q                            # which events enter the window
//     window 10m by user.id                  # sliding (default) | `window tumbling 10m by ...`
//     aggregate docs = distinct(retrieval.documents.id), n = count()
//     having docs >= 40 or n > 10 * baseline(n, 6h)
//     suppress 30m by user.id
//   }
//   rule new_destination { ... on api_call  new server.address by service.name within 30d }
//   rule injected_then_exfil {
//     sequence by session.id within 10m {
//       inject: prompt where prompt.classification in ["prompt_injection", "jailbreak"]
//       fetch:  retrieval where retrieval.documents.sensitivity in ["secret"] bind doc = retrieval.documents.id
//       act[1..]: agent_action where tool.name in $egress_tools and tool.arguments contains @doc
//       !approve: agent_action where tool.approval.status == "approved"
//     } until audit where audit.action == "permission.revoke"
//   }
//
// Invariants (checked): a rule has at most one of aggregation / new terms / sequence; `having`
// and `aggregate` come with `window`; every aggregate name is unique and every name in
// `having` is an aggregate; durations are positive; keys are fields of the rule's kinds (or of
// each step's kind for per-step keys).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/check/checked_rule.hpp"

namespace sigil::dsl::check {

using DurationNs = std::int64_t;

struct CheckedWindow {
  bool tumbling = false;        // default: sliding
  DurationNs length = 0;
  std::vector<FieldRef> keys;   // `by`: empty means one window for everything
  SourceSpan span;
};

enum class AggregateFn { count, sum, avg, min, max, distinct, p50, p90, p95, p99 };

struct CheckedAggregate {
  std::string name;
  AggregateFn fn = AggregateFn::count;
  std::optional<FieldRef> field;  // absent only for count()
  SourceSpan span;
};

// An arithmetic expression over aggregates, for `having`.
struct CheckedArith {
  enum class Kind { number, aggregate, baseline, zscore, add, sub, mul, div, neg };
  Kind kind = Kind::number;
  double number = 0;
  std::size_t aggregate = 0;       // aggregate/baseline/zscore: index into CheckedStateful::aggregates
  DurationNs horizon = 0;          // baseline/zscore: the history the EWMA spans
  std::vector<CheckedArith> children;  // add/sub/mul/div: two; neg: one
  SourceSpan span;
};

// A boolean expression over comparisons of arithmetic expressions, for `having`.
struct CheckedHaving {
  enum class Kind { compare, and_, or_, not_ };
  Kind kind = Kind::compare;
  syntax::Op op = syntax::Op::gt;  // compare: eq, ne, lt, le, gt, ge
  std::vector<CheckedArith> operands;  // compare: two
  std::vector<CheckedHaving> children;
  SourceSpan span;
};

struct CheckedNewTerms {
  FieldRef field;               // the value that must be new
  std::vector<FieldRef> keys;   // per key (e.g. service.name); empty: globally new
  DurationNs horizon = 0;       // "new" = not seen within this history
  SourceSpan span;
};

// A value captured by a step, usable by later steps as `@name`.
struct CheckedBinding {
  std::string name;
  FieldRef field;
  SourceSpan span;
};

// A test of a later step against a bound value: `tool.arguments contains @doc`.
struct CheckedBoundTest {
  FieldRef field;
  syntax::Op op = syntax::Op::eq;  // eq, ne, contains, startswith, endswith
  bool negated = false;
  bool cased = false;
  std::size_t binding = 0;         // index into CheckedSequence::bindings
  SourceSpan span;
};

struct CheckedStep {
  std::string name;
  KindMask kinds = 0;
  CheckedExpr condition;           // the step's `where`, like a rule condition (no selections)
  std::vector<CheckedSelection> selections;  // referenced by `condition` (usually empty)
  std::vector<CheckedBoundTest> bound_tests; // ANDed with `condition`, need earlier bindings
  std::optional<FieldRef> key;     // per-step join key (`by`), else the sequence's key
  std::uint32_t min_repeat = 1;    // `[3..]`: at least 3 matching events for this step
  std::uint32_t max_repeat = 1;    // 0: unbounded
  bool absent = false;             // `!name`: must NOT occur (see docs)
  std::vector<std::size_t> binds;  // indices into CheckedSequence::bindings captured here
  SourceSpan span;
};

struct CheckedSequence {
  std::vector<FieldRef> keys;      // `sequence by ...`
  DurationNs within = 0;           // from the first step
  std::vector<CheckedStep> steps;  // in order
  std::vector<CheckedBinding> bindings;
  std::optional<CheckedStep> until;  // cancels pending instances of the key
  SourceSpan span;
};

struct CheckedSuppress {
  DurationNs length = 0;
  std::vector<FieldRef> keys;      // empty: per rule
  SourceSpan span;
};

struct CheckedStateful {
  std::optional<CheckedWindow> window;
  std::vector<CheckedAggregate> aggregates;
  std::optional<CheckedHaving> having;
  std::uint32_t baseline_warmup = 3;  // completed windows before baseline()/zscore() are defined
  std::optional<CheckedNewTerms> new_terms;
  std::optional<CheckedSequence> sequence;
  std::optional<CheckedSuppress> suppress;  // also allowed on stateless rules

  bool is_stateful() const { return window || new_terms || sequence; }
};

}  // namespace sigil::dsl::check
