#pragma once
// The compiled evaluation graph of a rule set: what dsl/compile produces and engine/eval runs.
//
//   event --kind--> bucket of rules --condition tree--> predicates --> shared matchers
//
// Predicates are hash-consed: a test written in several rules (or twice in one) is one node,
// evaluated at most once per event. All literal patterns on one field (equals, contains,
// startswith, endswith, base64 forms) of every rule form one Aho-Corasick set, matched in one pass
// per event; all regexes on one field form one RegexSet (a literal prefilter decides which of them
// run). Rules sit in per-kind buckets so an event
// meets only the rules that can match it, and the children of and/or nodes are ordered cheap
// first.
//
// Rules with per-key state (windows, new terms, sequences) are not in the buckets: their
// conditions are Triggers, and an event whose trigger holds goes to the keyed stage
// (engine/keyed), which keeps the state and raises their alerts. Suppression is applied to the
// alerts of any rule in the pipeline's ordered output stage.
//
// Thread safety: a RuleGraph is immutable once built and shared by every thread; per-thread
// scratch lives in an Evaluator (evaluator.hpp).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/alert/rule_info.hpp"
#include "engine/eval/stateful_spec.hpp"
#include "engine/event/kind.hpp"
#include "engine/event/value.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/match/cidr.hpp"
#include "engine/match/literal_set.hpp"
#include "engine/match/regex_set.hpp"
#include "engine/match/time_zone.hpp"

namespace sigil::eval {

using PredicateId = std::uint32_t;
using PatternId = std::uint32_t;

enum class TimePart : std::uint8_t { hour, minute, weekday, day, month, year };
enum class CompareOp : std::uint8_t { eq, ne, lt, le, gt, ge };

// One test on one field. The base test holds when ANY value of the field satisfies it (fields
// that cross arrays have several); `negated` inverts the result, so a negated test holds when no
// value satisfies it, and on an absent field.
struct Predicate {
  enum class Kind : std::uint8_t {
    exists,        // the field has a value
    patterns,      // string values vs literal patterns of the field's pattern group
    regexes,       // string values vs regexes of the field's regex group
    numeric,       // numeric values: `op` against `number` (eq/ne/lt/le/gt/ge)
    between,       // numeric values in [low, high]
    boolean,       // boolean values equal to `boolean`
    is_null,       // an explicit JSON null (the normalizer drops nulls of contract fields)
    cidr,          // string values that are addresses inside any network of `cidr_set`
    field_compare, // values compared with the values of `other_field` (strings or numbers)
    time_part,     // a part of the event time, `op` against `number` or in [low, high]
  };
  Kind kind = Kind::exists;
  bool negated = false;
  bool require_all = false;           // patterns/regexes: every id must match (`all`), else any
  FieldId field = kNoField;
  std::vector<PatternId> ids;         // patterns/regexes: global pattern ids, sorted
  CompareOp op = CompareOp::eq;       // numeric, field_compare, time_part
  double number = 0;                  // numeric/time_part constant
  Value constant;                     // numeric: the constant, exact; between: the low bound
  Value constant_high;                // between: the high bound, exact
  double low = 0, high = 0;           // between (also time_part ranges: op == eq and low <= high)
  bool range = false;                 // time_part: use [low, high] instead of op/number
  bool boolean = false;
  bool cased = false;                 // field_compare on strings
  FieldId other_field = kNoField;     // field_compare
  TimePart part = TimePart::hour;     // time_part
  std::uint32_t cidr_set = 0;         // cidr: index into RuleGraph::cidr_sets
  std::uint16_t cost = 1;             // estimated relative cost, for ordering and `sigil plan`
};

// A node of a rule's condition, in a flat array; children are index ranges of `children`.
struct ExprNode {
  enum class Kind : std::uint8_t { and_, or_, not_, predicate, always_true };
  Kind kind = Kind::always_true;
  std::uint32_t first_child = 0;  // and_/or_/not_: index into RuleGraph::children
  std::uint32_t child_count = 0;
  PredicateId predicate = 0;      // predicate
};

// All matchers of one field: its literal set and its regex set (either may be absent).
struct FieldMatchers {
  FieldId field = kNoField;
  std::unique_ptr<match::LiteralSet> literals;
  std::unique_ptr<match::RegexSet> regexes;
  std::size_t literal_count = 0;  // patterns in the literal set (for `sigil plan`)
  std::size_t regex_count = 0;
};

struct CompiledRule {
  RuleInfo info;                 // what alerts say about the rule
  KindMask kinds = 0;
  std::uint32_t root = 0;        // ExprNode index of condition AND NOT exceptions
  std::uint32_t condition = 0;   // ExprNode index of the condition alone (for explain)
  std::vector<std::pair<std::string, std::uint32_t>> selections;  // name -> ExprNode (explain)
  std::vector<std::pair<std::string, std::uint32_t>> exceptions;  // name -> ExprNode (explain)
  std::optional<SuppressSpec> suppress;
};

struct RuleGraph {
  std::unique_ptr<FieldPlan> plan;                   // frozen; the normalizer must use this plan
  std::vector<CompiledRule> rules;                   // in load order
  std::array<std::vector<std::uint32_t>, kKindCount> buckets;  // stateless rule indices per kind, in order
  std::vector<StatefulRule> stateful;                // rules whose alerts come from the keyed stage
  std::array<std::vector<Trigger>, kKindCount> triggers;  // per kind: what sends an event there
  std::vector<Predicate> predicates;
  std::vector<ExprNode> nodes;
  std::vector<std::uint32_t> children;
  std::vector<FieldMatchers> matchers;               // one per field that has patterns/regexes
  std::vector<std::uint32_t> matchers_of_field;      // FieldId -> index into matchers, or kNone
  std::vector<match::CidrSet> cidr_sets;
  std::uint32_t pattern_id_bound = 0;                // one past the largest PatternId
  std::vector<std::string> pattern_descriptions;     // PatternId -> `contains "ignore previous"`
  match::TimeZone timezone = match::TimeZone::utc();
  bool uses_time_parts = false;

  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
};

}  // namespace sigil::eval
