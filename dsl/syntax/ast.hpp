#pragma once
// The syntax tree of a rule file: what the text says, with positions, nothing resolved yet.
// The parser (dsl/syntax/parser.hpp) builds it; the checker (dsl/check/) turns it into checked
// rules. Names, field paths and ATLAS ids are kept as written; the checker judges them.
//
// Grammar and meaning: docs/rule-language.md. In short:
//
//   list egress_tools = ["send_email", "http_request"]      # define
//   list egress_tools append ["upload_file"]                # a later file extends it
//   macro is_redteam = user.roles contains "redteam"         # a named condition fragment
//   set timezone "Europe/Paris"                              # site configuration
//   exception prompt_* { name "red team" user.roles contains "redteam" }
//
//   rule prompt_injection_override {                         # the name is the stable rule id
//     title "..."  severity high  atlas AML.T0051.000  on prompt
//     selection phrase { prompt.text contains any $override_phrases }
//     selection scored { prompt.risk_score >= 0.8  prompt.classification == "prompt_injection" }
//     filter redteam { user.roles contains "redteam" }
//     condition (phrase or scored) and not redteam
//     output "Instruction override from {user.id} in session {session.id}"
//   }

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diag/source_span.hpp"

namespace sigil::dsl::syntax {

struct Ident {
  std::string name;
  SourceSpan span;
};

struct StringLit {
  std::string value;  // unescaped
  SourceSpan span;
};

// A constant in a field condition.
struct ValueExpr {
  enum class Kind { string, number, boolean, null, list, list_ref, field_ref, binding };
  Kind kind = Kind::string;
  SourceSpan span;
  std::string text;  // string: the value; list_ref: list name; field_ref: field path; binding: `@name`'s name
  double number = 0;              // number
  bool is_integer = false;        // number written without fraction or exponent
  std::int64_t integer = 0;       // when is_integer
  bool boolean = false;           // boolean
  std::vector<ValueExpr> items;   // list literal
};

enum class Op {
  eq,          // ==
  ne,          // !=
  lt, le, gt, ge,
  in,          // in [..] / in $list
  between,     // between LOW .. HIGH (inclusive)
  contains,
  startswith,
  endswith,
  re,          // RE2 syntax
  cidr,        // IPv4/IPv6 networks
  exists,      // unary
};

enum class Quantifier { none, any, all };  // over a list of values; none = written without

struct Modifiers {
  bool cased = false;         // case-sensitive string matching (default: case-insensitive)
  bool base64 = false;        // match the value's base64 encoding
  bool base64offset = false;  // match the three base64 encodings at offsets 0, 1, 2
  SourceSpan span;            // of the first modifier, if any
};

// `path [not] op [modifiers] [any|all] value`, e.g. `prompt.text contains cased any ["a", "b"]`.
struct FieldCondition {
  Ident field;                  // dotted path as written ("prompt.text", "time.hour")
  Op op = Op::eq;
  SourceSpan op_span;
  bool negated = false;         // `not in`, `not contains`, `not exists`, ...
  Modifiers modifiers;
  Quantifier quantifier = Quantifier::none;
  std::vector<ValueExpr> values;  // exists: none; between: low and high; otherwise one
  SourceSpan span;                // the whole condition
};

// A boolean expression: in `condition`, macro bodies.
struct Expr {
  enum class Kind {
    and_, or_, not_,
    ref,       // a selection, filter or macro name
    of,        // `1 of sel_*`, `all of sel_*`, `1 of them`, `all of them`
    field,     // a field condition written inline
  };
  Kind kind = Kind::ref;
  SourceSpan span;
  std::vector<Expr> children;           // and_/or_: two or more; not_: one
  Ident ref;                            // ref; of: the pattern ("sel_*", "them")
  bool of_all = false;                  // of: `all of` (else `1 of`)
  std::optional<FieldCondition> field;  // field
};

// A selection (or a filter: a selection meant to be excluded with `and not`). Lines inside one
// block are ANDed; blocks joined by `or` are alternatives.
struct Selection {
  Ident name;
  bool is_filter = false;
  std::vector<std::vector<FieldCondition>> alternatives;
  SourceSpan span;
};

// ---------------------------------------------------------------- per-session state
// The stateful statements, kept as written: durations, function names and repeat counts are
// judged by the checker (dsl/check/stateful_checker.hpp), which builds CheckedStateful.

// `30s`, `5m`: the token as written (digits and whatever sticks to them).
struct DurationLit {
  std::string text;
  SourceSpan span;
};

// `window [sliding|tumbling] DURATION [by PATH, ...]`
struct WindowStmt {
  bool tumbling = false;
  DurationLit length;
  std::vector<Ident> keys;
  SourceSpan span;
};

// `NAME = FN(PATH)` in `aggregate`; `count()` has no field.
struct AggregateDef {
  Ident name;
  Ident fn;
  std::optional<Ident> field;
  SourceSpan span;
};

// Arithmetic in `having`: numbers, aggregate names, baseline(NAME, D), zscore(NAME, D), + - * /.
struct ArithExpr {
  enum class Kind { number, name, baseline, zscore, add, sub, mul, div, neg };
  Kind kind = Kind::number;
  double number = 0;
  Ident name;                       // name, baseline, zscore: the aggregate
  DurationLit horizon;              // baseline, zscore
  std::vector<ArithExpr> children;  // add/sub/mul/div: two; neg: one
  SourceSpan span;
};

// `having`: comparisons of arithmetic joined with and/or/not.
struct HavingExpr {
  enum class Kind { compare, and_, or_, not_ };
  Kind kind = Kind::compare;
  Op op = Op::gt;                    // compare: eq, ne, lt, le, gt, ge
  SourceSpan op_span;
  std::vector<ArithExpr> operands;   // compare: two
  std::vector<HavingExpr> children;  // and_/or_: two or more; not_: one
  SourceSpan span;
};

// `new PATH [by PATH, ...] within DURATION`
struct NewTermsStmt {
  Ident field;
  std::vector<Ident> keys;
  DurationLit horizon;
  SourceSpan span;
};

// `[N]`, `[N..]`, `[N..M]` after a step name. Counts saturate at UINT64_MAX (the checker bounds them).
struct RepeatSpec {
  std::uint64_t min = 1;
  std::uint64_t max = 1;
  bool unbounded = false;  // `[N..]`
  SourceSpan span;
};

// `bind NAME = PATH`
struct BindingDef {
  Ident name;
  Ident field;
  SourceSpan span;
};

// A step `[!]NAME[REPEAT]: KIND [by PATH] where EXPR [bind ...]`, or the `until KIND [by PATH]
// where EXPR` clause (no name, never absent).
struct StepDecl {
  Ident name;
  bool absent = false;              // `!name`
  std::optional<RepeatSpec> repeat;
  Ident kind;
  std::optional<Ident> key;         // per-step `by`
  std::optional<Expr> where;
  std::vector<BindingDef> binds;
  SourceSpan span;
};

// `sequence [by PATH, ...] within DURATION { STEP ... } [until ...]`
struct SequenceStmt {
  std::vector<Ident> keys;
  DurationLit within;
  std::vector<StepDecl> steps;
  std::optional<StepDecl> until;
  SourceSpan span;
};

// `suppress DURATION [by PATH, ...]`
struct SuppressStmt {
  DurationLit length;
  std::vector<Ident> keys;
  SourceSpan span;
};

struct WarmupStmt {
  std::uint64_t windows = 3;
  SourceSpan span;
};

struct Rule {
  Ident id;  // the name after `rule`
  SourceSpan span;
  std::optional<StringLit> title, description, author, output;
  std::optional<Ident> severity;          // informational | low | medium | high | critical
  std::optional<Ident> status;            // stable | test | experimental | deprecated
  std::vector<StringLit> references, falsepositives;
  std::vector<Ident> tags;                // free words such as owasp.llm01 (strings allowed too)
  std::vector<Ident> atlas;               // AML.T0051, AML.T0051.000 as written
  std::optional<StringLit> no_atlas_reason;  // `atlas none "why"`: the checker then does not warn
  std::vector<Ident> kinds;               // `on prompt, model_response`
  std::vector<Ident> extra_fields;        // `fields x_custom.tenant, ...`: opt-in paths outside the contract
  std::vector<Selection> selections;      // selections and filters, in order
  std::optional<Expr> condition;
  SourceSpan condition_span;
  // Per-session state (each statement at most once; the checker judges the combinations).
  std::optional<WindowStmt> window;
  std::vector<AggregateDef> aggregates;
  SourceSpan aggregate_span;              // the `aggregate` keyword
  std::optional<HavingExpr> having;
  std::optional<WarmupStmt> baseline_warmup;
  std::optional<NewTermsStmt> new_terms;
  std::optional<SequenceStmt> sequence;
  std::optional<SuppressStmt> suppress;
};

enum class OverrideMode { define, append, replace };

struct ListDecl {
  Ident name;
  OverrideMode mode = OverrideMode::define;
  std::vector<ValueExpr> items;
  SourceSpan span;
};

struct MacroDecl {
  Ident name;
  OverrideMode mode = OverrideMode::define;  // append: OR'd with the earlier body
  Expr body;
  SourceSpan span;
};

// Excludes matches of the rules whose id matches `rule_pattern` (a glob: `prompt_*`):
// a rule fires only if no alternative of any of its exceptions holds.
struct ExceptionDecl {
  Ident rule_pattern;
  std::optional<StringLit> name;
  std::vector<std::vector<FieldCondition>> alternatives;
  SourceSpan span;
};

// `set KEY VALUE`: site configuration (timezone, ...).
struct SettingDecl {
  Ident key;
  ValueExpr value;
  SourceSpan span;
};

struct File {
  std::uint32_t file = 0;  // index in SourceFiles
  std::vector<Rule> rules;
  std::vector<ListDecl> lists;
  std::vector<MacroDecl> macros;
  std::vector<ExceptionDecl> exceptions;
  std::vector<SettingDecl> settings;
};

}  // namespace sigil::dsl::syntax
