#pragma once
// The PEGTL control of the rule-language parser. Two jobs:
//  - raise(): a failed `must<Rule>` becomes a SyntaxError at the input position, with the
//    message of messages.hpp (or a built one for the few rules that need more), the offending
//    token underlined, and hints. Every rule that can fail inside a `must` needs a message; a
//    static_assert says which one is missing.
//  - hooks around a few rules: `and`/`or` chains collect their operands into one node (flatten),
//    parentheses and `not` count nesting depth (E-TOO-DEEP instead of a stack overflow), and a
//    field condition starts from a clean slate.

#include <fmt/format.h>

#include <string>
#include <type_traits>

#include "dsl/syntax/grammar.hpp"
#include "dsl/syntax/messages.hpp"
#include "dsl/syntax/parse_state.hpp"
#include "dsl/syntax/suggest.hpp"

namespace sigil::dsl::syntax {

// Rules that never fail, so they need no message even though if_must wraps them.
template <typename Rule>
inline constexpr bool infallible = std::is_same_v<Rule, grammar::ws>;
template <typename... Rules>
inline constexpr bool infallible<tao::pegtl::star<Rules...>> = true;
template <typename... Rules>
inline constexpr bool infallible<tao::pegtl::opt<Rules...>> = true;

// Builds the error for a failed `Rule` at `offset` (declared here, defined in control.cpp for
// the rules with built messages; the template covers the rest).
SyntaxError rule_close_error(const ParseState& st, std::size_t offset);
SyntaxError operation_error(const ParseState& st, std::size_t offset);
SyntaxError unterminated_string_error(const ParseState& st, std::size_t offset);
SyntaxError reserved_word_error(const ParseState& st, std::size_t offset);
SyntaxError stray_connective_error(const ParseState& st, std::size_t offset);
SyntaxError misplaced_state_error(const ParseState& st, std::size_t offset);
std::string fill_message(const ParseState& st, const char* text, std::size_t offset);

template <typename Rule>
SyntaxError make_error(const ParseState& st, std::size_t offset) {
  if constexpr (std::is_same_v<Rule, grammar::rule_close>) {
    return rule_close_error(st, offset);
  } else if constexpr (std::is_same_v<Rule, grammar::condition_tail> ||
                       std::is_same_v<Rule, grammar::operation>) {
    return operation_error(st, offset);
  } else if constexpr (std::is_same_v<Rule, grammar::string_close>) {
    return unterminated_string_error(st, offset);
  } else if constexpr (std::is_same_v<Rule, grammar::reserved_word>) {
    return reserved_word_error(st, offset);
  } else if constexpr (std::is_same_v<Rule, grammar::stray_connective>) {
    return stray_connective_error(st, offset);
  } else if constexpr (std::is_same_v<Rule, grammar::misplaced_state_word>) {
    return misplaced_state_error(st, offset);
  } else {
    static_assert(error_message<Rule> != nullptr || infallible<Rule>,
                  "a rule used in must<> needs an error_message in messages.hpp");
    SyntaxError error;
    error.code = "E-SYNTAX";
    error.offset = offset;
    error.length = st.token_length(offset);
    error.message = fill_message(st, error_message<Rule> ? error_message<Rule> : "syntax error", offset);
    return error;
  }
}

// Rules whose operands nest (parentheses, `not`, unary minus): depth-bounded.
template <typename Rule>
inline constexpr bool nests = std::is_same_v<Rule, grammar::having_paren_inner> ||
                              std::is_same_v<Rule, grammar::having_not_operand> ||
                              std::is_same_v<Rule, grammar::arith_paren_inner> ||
                              std::is_same_v<Rule, grammar::arith_operand>;
// Rules that may fail softly after pushing arithmetic operands: those are dropped on failure.
template <typename Rule>
inline constexpr bool arith_backtracks =
    std::is_same_v<Rule, grammar::comparison> || std::is_same_v<Rule, grammar::arith_paren>;
template <typename Rule>
inline constexpr bool having_chain =
    std::is_same_v<Rule, grammar::having_and> || std::is_same_v<Rule, grammar::having_or>;

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  template <typename Input>
  static void start(const Input& in, ParseState& st) {
    using namespace grammar;
    if constexpr (std::is_same_v<Rule, and_expr> || std::is_same_v<Rule, or_expr>) {
      st.frames.push_back({st.exprs.size(), st.offset(in.current())});
    } else if constexpr (std::is_same_v<Rule, paren_inner>) {
      st.enter_nesting(st.parens.back());  // the error points at the `(` one too deep
    } else if constexpr (std::is_same_v<Rule, not_operand>) {
      st.enter_nesting(st.last_not);
    } else if constexpr (std::is_same_v<Rule, field_condition> ||
                         std::is_same_v<Rule, inline_condition>) {
      st.condition = FieldCondition{};
      st.values.clear();
      st.condition_start = st.offset(in.current());
    } else if constexpr (nests<Rule>) {
      st.enter_nesting(st.offset(in.current()));
    } else if constexpr (arith_backtracks<Rule>) {
      st.arith_marks.push_back(st.ariths.size());
    } else if constexpr (having_chain<Rule>) {
      st.having_frames.push_back({st.havings.size(), st.offset(in.current())});
    } else if constexpr (std::is_same_v<Rule, step> || std::is_same_v<Rule, until_clause>) {
      st.step = StepDecl{};
    }
  }

  template <typename Input>
  static void success(const Input& in, ParseState& st) {
    using namespace grammar;
    if constexpr (std::is_same_v<Rule, and_expr> || std::is_same_v<Rule, or_expr>) {
      const ParseState::Frame frame = st.frames.back();
      st.frames.pop_back();
      if (st.exprs.size() - frame.mark < 2) return;  // a single operand is its own node
      Expr node;
      node.kind = std::is_same_v<Rule, and_expr> ? Expr::Kind::and_ : Expr::Kind::or_;
      node.span = st.span(frame.start, st.offset(in.current()) - frame.start);
      const auto first = st.exprs.begin() + static_cast<std::ptrdiff_t>(frame.mark);
      node.children.assign(std::make_move_iterator(first), std::make_move_iterator(st.exprs.end()));
      st.exprs.erase(first, st.exprs.end());
      st.exprs.push_back(std::move(node));
    } else if constexpr (std::is_same_v<Rule, paren_inner> || std::is_same_v<Rule, not_operand> || nests<Rule>) {
      st.leave_nesting();
    } else if constexpr (arith_backtracks<Rule>) {
      st.arith_marks.pop_back();
    } else if constexpr (having_chain<Rule>) {
      const ParseState::Frame frame = st.having_frames.back();
      st.having_frames.pop_back();
      if (st.havings.size() - frame.mark < 2) return;
      HavingExpr node;
      node.kind = std::is_same_v<Rule, having_and> ? HavingExpr::Kind::and_ : HavingExpr::Kind::or_;
      node.span = st.span(frame.start, st.offset(in.current()) - frame.start);
      const auto first = st.havings.begin() + static_cast<std::ptrdiff_t>(frame.mark);
      node.children.assign(std::make_move_iterator(first), std::make_move_iterator(st.havings.end()));
      st.havings.erase(first, st.havings.end());
      st.havings.push_back(std::move(node));
    }
  }

  template <typename Input>
  static void failure(const Input&, ParseState& st) {
    using namespace grammar;
    if constexpr (std::is_same_v<Rule, and_expr> || std::is_same_v<Rule, or_expr>) {
      st.exprs.resize(st.frames.back().mark);
      st.frames.pop_back();
    } else if constexpr (std::is_same_v<Rule, paren_inner> || std::is_same_v<Rule, not_operand> || nests<Rule>) {
      st.leave_nesting();
    } else if constexpr (arith_backtracks<Rule>) {
      st.ariths.resize(st.arith_marks.back());
      st.arith_marks.pop_back();
    } else if constexpr (having_chain<Rule>) {
      st.havings.resize(st.having_frames.back().mark);
      st.having_frames.pop_back();
    }
  }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, ParseState& st) {
    throw make_error<Rule>(st, st.offset(in.current()));
  }
};

}  // namespace sigil::dsl::syntax
