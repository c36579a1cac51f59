#pragma once
// PEGTL actions for the per-session state statements (window, aggregate, having, baseline, new,
// sequence, suppress): they build the syntax tree's stateful parts in ParseState. Included by
// actions.hpp; the same rules apply (leaves fill the statement being read, the statement's own
// action moves it into the rule unless it repeats an earlier one).

#include <charconv>
#include <limits>

#include "dsl/syntax/actions.hpp"

namespace sigil::dsl::syntax {

// The keyword of a state statement: at most once per rule, like metadata; starts afresh.
struct state_keyword_action {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    metadata_keyword::apply(in, st);
    st.keys.clear();
    st.tumbling = false;
  }
};
template <> struct action<g::kw_window> : state_keyword_action {};
template <> struct action<g::kw_having> : state_keyword_action {};
template <> struct action<g::kw_new> : state_keyword_action {};
template <> struct action<g::kw_suppress> : state_keyword_action {};
template <> struct action<g::baseline_keyword> : state_keyword_action {};
template <>
struct action<g::kw_aggregate> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    state_keyword_action::apply(in, st);
    if (!st.skip_metadata) st.rule.aggregate_span = st.span(in.begin(), in.size());
  }
};
template <>
struct action<g::kw_sequence> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    state_keyword_action::apply(in, st);
    st.sequence = SequenceStmt{};
  }
};

template <>
struct action<g::duration> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.duration = {in.string(), st.span(in.begin(), in.size())}; }
};

template <>
struct action<g::key_path> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.keys.push_back(ident_of(in, st)); }
};

// ------------------------------------------------------------------ window, aggregate
template <>
struct action<g::window_mode> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.tumbling = in.string() == "tumbling"; }
};

template <>
struct action<g::window_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.skip_metadata) return;
    st.rule.window = WindowStmt{st.tumbling, st.duration, std::move(st.keys), st.span(in.begin(), in.size())};
    st.keys.clear();
  }
};

template <>
struct action<g::aggregate_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.aggregate = AggregateDef{};
    st.aggregate.name = ident_of(in, st);
  }
};
template <>
struct action<g::aggregate_fn> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.aggregate.fn = ident_of(in, st); }
};
template <>
struct action<g::aggregate_field> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.aggregate.field = ident_of(in, st); }
};
template <>
struct action<g::aggregate_def> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.aggregate.span = st.span(in.begin(), in.size());
    if (!st.skip_metadata) st.rule.aggregates.push_back(std::move(st.aggregate));
  }
};

// ------------------------------------------------------------------ having: arithmetic
inline void push_binary(ParseState& st, ArithExpr::Kind kind) {
  ArithExpr node;
  node.kind = kind;
  node.children.resize(2);
  node.children[1] = std::move(st.ariths.back());
  st.ariths.pop_back();
  node.children[0] = std::move(st.ariths.back());
  const SourceSpan left = node.children[0].span, right = node.children[1].span;
  node.span = left;
  if (left.line == right.line && right.column >= left.column) node.span.length = right.column + right.length - left.column;
  st.ariths.back() = std::move(node);
}

template <>
struct action<g::arith_number> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ValueExpr value;
    parse_number(std::string_view(in.begin(), in.size()), st.offset(in.begin()), value);
    ArithExpr node;
    node.kind = ArithExpr::Kind::number;
    node.number = value.is_integer ? static_cast<double>(value.integer) : value.number;
    node.span = st.span(in.begin(), in.size());
    st.ariths.push_back(std::move(node));
  }
};

template <>
struct action<g::arith_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ArithExpr node;
    node.kind = ArithExpr::Kind::name;
    node.name = ident_of(in, st);
    node.span = node.name.span;
    st.ariths.push_back(std::move(node));
  }
};

template <>
struct action<g::history_fn> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.history_kind = in.string() == "zscore" ? ArithExpr::Kind::zscore : ArithExpr::Kind::baseline;
  }
};
template <>
struct action<g::history_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.history_name = ident_of(in, st); }
};
template <>
struct action<g::history_call> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ArithExpr node;
    node.kind = st.history_kind;
    node.name = st.history_name;
    node.horizon = st.duration;
    node.span = st.span(in.begin(), in.size());
    st.ariths.push_back(std::move(node));
  }
};

template <>
struct action<g::arith_neg> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ArithExpr node;
    node.kind = ArithExpr::Kind::neg;
    node.span = st.span(in.begin(), in.size());
    node.children.push_back(std::move(st.ariths.back()));
    st.ariths.back() = std::move(node);
  }
};
template <>
struct action<g::mul_tail> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_binary(st, in.peek_char() == '*' ? ArithExpr::Kind::mul : ArithExpr::Kind::div);
  }
};
template <>
struct action<g::add_tail> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    push_binary(st, in.peek_char() == '+' ? ArithExpr::Kind::add : ArithExpr::Kind::sub);
  }
};

// ------------------------------------------------------------------ having: comparisons
template <>
struct action<g::having_op> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string text = in.string();
    st.having_op = text == "==" ? Op::eq : text == "!=" ? Op::ne : text == "<=" ? Op::le
                 : text == ">=" ? Op::ge : text == "<"  ? Op::lt : Op::gt;
    st.having_op_span = st.span(in.begin(), in.size());
  }
};

template <>
struct action<g::comparison> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    HavingExpr node;
    node.kind = HavingExpr::Kind::compare;
    node.op = st.having_op;
    node.op_span = st.having_op_span;
    node.span = st.span(in.begin(), in.size());
    const auto first = st.ariths.end() - 2;
    node.operands.assign(std::make_move_iterator(first), std::make_move_iterator(st.ariths.end()));
    st.ariths.erase(first, st.ariths.end());
    st.havings.push_back(std::move(node));
  }
};

template <>
struct action<g::having_negation> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    HavingExpr node;
    node.kind = HavingExpr::Kind::not_;
    node.span = st.span(in.begin(), in.size());
    node.children.push_back(std::move(st.havings.back()));
    st.havings.back() = std::move(node);
  }
};

template <>
struct action<g::having_body> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    if (st.havings.empty()) return;
    if (!st.skip_metadata) st.rule.having = std::move(st.havings.back());
    st.havings.pop_back();
  }
};

// ------------------------------------------------------------------ baseline warmup, new, suppress
template <>
struct action<g::warmup_count> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string_view text(in.begin(), in.size());
    std::uint32_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc{} || end != text.data() + text.size()) {
      SyntaxError bad;
      bad.code = "E-BAD-NUMBER";
      bad.offset = st.offset(in.begin());
      bad.length = text.size();
      bad.message = fmt::format("`{}` is not a number of windows: expected a whole number from 0 to {}", text,
                                std::numeric_limits<std::uint32_t>::max());
      throw bad;
    }
    if (!st.skip_metadata) st.rule.baseline_warmup = WarmupStmt{count, st.span(in.begin(), in.size())};
  }
};

template <>
struct action<g::new_field> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.skip_metadata) return;
    st.rule.new_terms.emplace();
    st.rule.new_terms->field = ident_of(in, st);
  }
};
template <>
struct action<g::new_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.skip_metadata) return;
    st.rule.new_terms->keys = std::move(st.keys);
    st.rule.new_terms->horizon = st.duration;
    st.rule.new_terms->span = st.span(in.begin(), in.size());
    st.keys.clear();
  }
};

template <>
struct action<g::suppress_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.skip_metadata) return;
    st.rule.suppress = SuppressStmt{st.duration, std::move(st.keys), st.span(in.begin(), in.size())};
    st.keys.clear();
  }
};

// ------------------------------------------------------------------ sequences
// A count in `[N..M]`, saturating (the checker bounds it).
inline std::uint64_t repeat_count(std::string_view digits) {
  std::uint64_t count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  return error == std::errc{} && end == digits.data() + digits.size() ? count : std::numeric_limits<std::uint64_t>::max();
}

template <>
struct action<g::absent_mark> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) { st.step.absent = true; }
};
template <>
struct action<g::step_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.name = ident_of(in, st); }
};
template <>
struct action<g::repeat_min> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.step.repeat = RepeatSpec{};
    st.step.repeat->min = st.step.repeat->max = repeat_count(std::string_view(in.begin(), in.size()));
  }
};
template <>
struct action<g::repeat_dots> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) { st.step.repeat->unbounded = true; }
};
template <>
struct action<g::repeat_max> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.step.repeat->max = repeat_count(std::string_view(in.begin(), in.size()));
    st.step.repeat->unbounded = false;
  }
};
template <>
struct action<g::repeat> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.repeat->span = st.span(in.begin(), in.size()); }
};
template <>
struct action<g::step_kind> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.kind = ident_of(in, st); }
};
template <>
struct action<g::step_key> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.key = ident_of(in, st); }
};
template <>
struct action<g::step_condition> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    if (st.exprs.empty()) return;
    st.step.where = std::move(st.exprs.back());
    st.exprs.pop_back();
  }
};
template <>
struct action<g::bind_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.binds.push_back(BindingDef{ident_of(in, st), {}, {}}); }
};
template <>
struct action<g::bind_field> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.binds.back().field = ident_of(in, st); }
};
template <>
struct action<g::binding> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.step.binds.back().span = st.span(in.begin(), in.size()); }
};
template <>
struct action<g::step> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.step.span = st.span(in.begin(), in.size());
    st.sequence.steps.push_back(std::move(st.step));
    st.step = StepDecl{};
  }
};
template <>
struct action<g::until_clause> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.step.span = st.span(in.begin(), in.size());
    st.step.name = Ident{"until", st.span(in.begin(), 5)};
    st.sequence.until = std::move(st.step);
    st.step = StepDecl{};
  }
};
template <>
struct action<g::sequence_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.sequence.keys = std::move(st.keys);
    st.keys.clear();
    st.sequence.within = st.duration;
    st.sequence_open = st.offset(in.begin());
  }
};
template <>
struct action<g::sequence_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.sequence.span = st.span(in.begin(), in.size());
    if (!st.skip_metadata) st.rule.sequence = std::move(st.sequence);
    st.sequence = SequenceStmt{};
  }
};

}  // namespace sigil::dsl::syntax
