#pragma once
// Checked rules: what the checker (dsl/check/) hands to the compiler (dsl/compile/).
//
// Contract: a RuleSet returned by load_rules() with no errors in its Diagnostics is complete and
// self-contained. Every field path is resolved (and says what it resolved to), every `$list` is
// expanded into typed constants, every macro is expanded inline, every `N of pattern` is expanded
// into the selections it names, every regex compiled once with RE2 (the text is kept; the
// compiler compiles it again with its own options), every CIDR parsed, every ATLAS id looked up.
// The compiler needs neither the syntax tree nor the catalogs' lookups to lower a rule, and may
// assume what this header states as invariants. When errors were reported, the RuleSet holds only
// the rules that checked cleanly; it must not be run.
//
// Semantics the compiler implements:
//   rule fires  <=>  kind(event) in kinds  AND  condition  AND  NOT any(exception alternatives)
//   selection   <=>  OR over alternatives of (AND over the predicates of the alternative)
//   predicate   <=>  see CheckedPredicate
//
// Thread safety: plain values, immutable once load_rules() returns.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atlas/technique.hpp"
#include "dsl/diag/source_files.hpp"
#include "dsl/diag/source_span.hpp"
#include "dsl/syntax/ast.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/event/kind.hpp"

namespace sigil::dsl::check {

enum class RuleSeverity { informational, low, medium, high, critical };
enum class RuleStatus { stable, test, experimental, deprecated };

// Parts of the event time, read in the rule set's time zone (RuleSet::timezone).
// weekday: 1 = Monday .. 7 = Sunday (ISO 8601); names in rules are converted to these numbers.
enum class TimePart { hour, minute, weekday, day, month, year };

// What a field path in a rule resolved to.
struct FieldRef {
  enum class Kind {
    contract,   // a field of the telemetry contract: `spec` says its types, repeated-ness, open-ness
    open_path,  // below a free-form field: `spec` is the open ancestor (tool.arguments for tool.arguments.to)
    extra,      // outside the contract, opted in by the rule's `fields` list: untyped, may be absent
    time_part,  // time.hour, time.weekday, ...: an integer computed from the event time
  };
  Kind kind = Kind::contract;
  std::string path;                 // canonical dotted path as written: "tool.arguments.to"
  const FieldSpec* spec = nullptr;  // contract and open_path: points into FieldCatalog::builtin()
  TimePart time_part = TimePart::hour;  // time_part only
  SourceSpan span;

  // True when the path may hold several values (crosses an array): "any element" semantics.
  bool repeated() const { return spec != nullptr && kind == Kind::contract && spec->repeated; }
};

// A constant of a predicate, typed. `text` for strings; `integer` and `number` for integers
// (number == integer, so numeric comparisons can use either); `number` for other numbers.
struct CheckedValue {
  enum class Type { string, integer, number, boolean, null };
  Type type = Type::string;
  std::string text;
  std::int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  SourceSpan span;  // of the constant, or of the `$list` reference it came from
};

using Op = syntax::Op;  // eq, ne, lt, le, gt, ge, in, between, contains, startswith, endswith, re, cidr, exists

enum class Quantifier { any, all };     // over `values`: one of them must match, or all of them
enum class Encoding { none, base64, base64offset };

// One field test. Invariants (all checked):
//  - exists: no values, no other_field.
//  - between: exactly two numeric values, values[0] <= values[1], bounds inclusive.
//  - other_field set (field(...) comparison): values empty; op is eq, ne, lt, le, gt or ge.
//  - lt/le/gt/ge: one numeric value (or other_field).
//  - contains/startswith/endswith/re/cidr: string values, at least one; re values are valid RE2
//    patterns; cidr values parse with match::parse_cidr ("10.0.0.0/8", host bits zero; a bare address
//    is one host).
//  - eq/ne/in: at least one value, each of a type the field admits. `in` is eq with quantifier any.
//  - cased: string matching is case-sensitive (default: case-insensitive); false for numeric ops.
//  - encoding: only with string ops on strings (base64offset only with contains): the compiler
//    matches the encoded forms of the constants.
//  - negated: the whole test is negated (`not contains`), after quantifiers: `not contains any [a,b]`
//    holds when no value is contained. A negated test on an absent field holds, except `exists`.
//  - repeated fields: the test holds if it holds for any element (negated: for no element).
struct CheckedPredicate {
  FieldRef field;
  Op op = Op::eq;
  bool negated = false;
  bool cased = false;
  Quantifier quantifier = Quantifier::any;
  Encoding encoding = Encoding::none;
  std::vector<CheckedValue> values;
  std::optional<FieldRef> other_field;
  SourceSpan span;
};

// A selection or filter: OR over alternatives, each an AND of predicates (never empty).
struct CheckedSelection {
  std::string name;
  bool is_filter = false;
  std::vector<std::vector<CheckedPredicate>> alternatives;
  SourceSpan span;
};

// The rule's condition with names resolved: leaves are selections (by index into
// CheckedRule::selections) or predicates written inline (in the condition or in a macro).
// Macros are expanded in place; `1 of p*` becomes or_ and `all of p*` and_ of the selections
// matching the glob (a single match becomes that selection alone).
struct CheckedExpr {
  enum class Kind { and_, or_, not_, selection, predicate };
  Kind kind = Kind::selection;
  std::vector<CheckedExpr> children;  // and_/or_: two or more; not_: one
  std::size_t selection = 0;          // selection: index into CheckedRule::selections
  std::shared_ptr<const CheckedPredicate> predicate;  // predicate (shared: macros repeat)
  SourceSpan span;                    // where it was written (inside a macro for expanded bodies)
};

// An exception (`exception rule_glob { ... }`) that applies to the rule: the rule does not fire
// when any alternative holds. Kept apart from the condition so that `explain` can name it.
struct CheckedException {
  std::string name;  // the `name "..."` given, else the glob
  std::vector<std::vector<CheckedPredicate>> alternatives;
  SourceSpan span;
};

// The `output` template: literal text and field values, in order.
struct TemplateSegment {
  bool is_field = false;
  std::string literal;  // !is_field: text, with `{{` / `}}` already unescaped
  FieldRef field;       // is_field
};

struct CheckedStateful;  // checked_stateful.hpp

struct CheckedRule {
  std::string id;  // the name after `rule`: unique in the RuleSet
  std::string title;
  std::string description;
  RuleSeverity severity = RuleSeverity::medium;
  RuleStatus status = RuleStatus::experimental;  // when the rule says nothing
  std::string author;
  std::vector<std::string> references;
  std::vector<std::string> tags;
  std::vector<const atlas::Technique*> atlas;   // into AtlasCatalog::builtin(), as written
  std::string no_atlas_reason;                  // `atlas none "why"`
  std::vector<std::string> falsepositives;
  KindMask kinds = 0;                           // never 0
  std::vector<CheckedSelection> selections;     // selections and filters, as written
  CheckedExpr condition;
  std::vector<CheckedException> exceptions;     // in load order
  std::vector<TemplateSegment> output;          // empty: no output line
  // Windows, aggregates, new terms, sequences, suppression (null: a stateless rule). For a
  // stateful rule, `condition` selects the events that enter the window / new-terms check.
  std::shared_ptr<const CheckedStateful> stateful;
  SourceSpan span;
};

struct RuleSettings {
  // Loads with match::TimeZone::load: an IANA name ("Europe/Paris"), "UTC", or an offset ("+02:00").
  std::string timezone = "UTC";
};

struct RuleSet {
  std::vector<CheckedRule> rules;  // in load order (file order, then order in the file)
  RuleSettings settings;
  SourceFiles files;               // every file read, for diagnostics at run time
  std::size_t files_parsed = 0;    // rule files read successfully  } for "N rules in M files";
  std::size_t rules_read = 0;      // rules parsed, with or without errors }  not for the compiler
};

std::string_view severity_name(RuleSeverity severity);
std::string_view status_name(RuleStatus status);
std::string_view time_part_name(TimePart part);

}  // namespace sigil::dsl::check
