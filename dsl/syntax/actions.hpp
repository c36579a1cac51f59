#pragma once
// PEGTL actions: they build the syntax tree in ParseState as rules succeed. Leaves (names,
// literals, operators) fill the declaration being read; a finished statement or declaration
// moves it into place. Actions run as soon as their rule matches, so a leaf read in a branch
// that later backtracks may leave a value behind: every consumer overwrites or resets what it
// reads (control.hpp resets a field condition when one starts).

#include <fmt/format.h>

#include <string>
#include <utility>

#include "dsl/syntax/grammar.hpp"
#include "dsl/syntax/literals.hpp"
#include "dsl/syntax/parse_state.hpp"

namespace sigil::dsl::syntax {

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

namespace g = grammar;

template <typename Input>
Ident ident_of(const Input& in, const ParseState& st) {
  return Ident{in.string(), st.span(in.begin(), in.size())};
}

// ------------------------------------------------------------------ declarations
template <>
struct action<g::declaration_start> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.begin_declaration(st.offset(in.begin())); }
};

template <>
struct action<g::rule_id> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.rule.id = ident_of(in, st); }
};

template <>
struct action<g::rule_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.rule.span = st.span(in.begin(), in.size());
    st.file.rules.push_back(std::move(st.rule));
  }
};

// ------------------------------------------------------------------ metadata statements
// The keyword of a statement that may appear once per rule: checks for a repeat.
struct metadata_keyword {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.keyword = in.string();
    st.begin_metadata(st.keyword, st.span(in.begin(), in.size()));
  }
};
template <> struct action<g::kw_title> : metadata_keyword {};
template <> struct action<g::kw_description> : metadata_keyword {};
template <> struct action<g::kw_author> : metadata_keyword {};
template <> struct action<g::kw_output> : metadata_keyword {};
template <> struct action<g::kw_severity> : metadata_keyword {};
template <> struct action<g::kw_status> : metadata_keyword {};
template <> struct action<g::kw_references> : metadata_keyword {};
template <> struct action<g::kw_falsepositives> : metadata_keyword {};
template <> struct action<g::kw_tags> : metadata_keyword {};
template <> struct action<g::kw_atlas> : metadata_keyword {};
template <> struct action<g::kw_on> : metadata_keyword {};
template <> struct action<g::kw_fields> : metadata_keyword {};
template <> struct action<g::kw_condition> : metadata_keyword {};

// Stores the last string literal into a rule member, unless the statement is a repeat.
template <std::optional<StringLit> Rule::*Member>
struct store_string {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    if (!st.skip_metadata) st.rule.*Member = st.string;
  }
};
template <> struct action<g::title_value> : store_string<&Rule::title> {};
template <> struct action<g::description_value> : store_string<&Rule::description> {};
template <> struct action<g::author_value> : store_string<&Rule::author> {};
template <> struct action<g::output_value> : store_string<&Rule::output> {};
template <> struct action<g::atlas_none_reason> : store_string<&Rule::no_atlas_reason> {};

template <std::optional<Ident> Rule::*Member>
struct store_ident {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (!st.skip_metadata) st.rule.*Member = ident_of(in, st);
  }
};
template <> struct action<g::severity_value> : store_ident<&Rule::severity> {};
template <> struct action<g::status_value> : store_ident<&Rule::status> {};

template <std::vector<Ident> Rule::*Member>
struct append_ident {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (!st.skip_metadata) (st.rule.*Member).push_back(ident_of(in, st));
  }
};
template <> struct action<g::atlas_id> : append_ident<&Rule::atlas> {};
template <> struct action<g::kind_name> : append_ident<&Rule::kinds> {};
template <> struct action<g::extra_field> : append_ident<&Rule::extra_fields> {};

template <>
struct action<g::tag> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.skip_metadata) return;
    Ident tag = ident_of(in, st);
    if (in.peek_char() == '"') tag.name = st.string.value;  // a quoted tag: its text
    st.rule.tags.push_back(std::move(tag));
  }
};

template <>
struct action<g::string_item> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    if (st.skip_metadata) return;
    (st.keyword == "references" ? st.rule.references : st.rule.falsepositives).push_back(st.string);
  }
};

// ------------------------------------------------------------------ selections and blocks
struct selection_keyword {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.keyword = in.string();
    st.selection = Selection{};
    st.selection.is_filter = st.keyword == "filter";
    st.alternatives.clear();
  }
};
template <> struct action<g::kw_selection> : selection_keyword {};
template <> struct action<g::kw_filter> : selection_keyword {};

template <>
struct action<g::selection_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.selection.name = ident_of(in, st);
    st.block_owner = fmt::format("{} `{}`", st.keyword, st.selection.name.name);
  }
};

template <>
struct action<g::selection_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.selection.span = st.span(in.begin(), in.size());
    st.selection.alternatives = std::move(st.alternatives);
    st.alternatives.clear();
    st.rule.selections.push_back(std::move(st.selection));
  }
};

template <>
struct action<g::block_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.block.clear();
    st.block_open = st.offset(in.begin());
  }
};

struct finish_block {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    st.alternatives.push_back(std::move(st.block));
    st.block.clear();
  }
};
template <> struct action<g::block> : finish_block {};
template <> struct action<g::exception_first_block> : finish_block {};

template <>
struct action<g::condition_expr> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (st.exprs.empty()) return;
    if (!st.skip_metadata) {
      st.rule.condition = std::move(st.exprs.back());
      st.rule.condition_span = st.span(in.begin(), in.size());
    }
    st.exprs.pop_back();
  }
};

// ------------------------------------------------------------------ field conditions
template <>
struct action<g::condition_field> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.condition.field = ident_of(in, st); }
};

template <>
struct action<g::negation_word> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) { st.condition.negated = true; }
};

template <Op Kind>
struct set_op {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.condition.op = Kind;
    st.condition.op_span = st.span(in.begin(), in.size());
    st.op_text = in.string();
  }
};
template <> struct action<g::op_eq> : set_op<Op::eq> {};
template <> struct action<g::op_ne> : set_op<Op::ne> {};
template <> struct action<g::op_lt> : set_op<Op::lt> {};
template <> struct action<g::op_le> : set_op<Op::le> {};
template <> struct action<g::op_gt> : set_op<Op::gt> {};
template <> struct action<g::op_ge> : set_op<Op::ge> {};
template <> struct action<g::op_in> : set_op<Op::in> {};
template <> struct action<g::op_between> : set_op<Op::between> {};
template <> struct action<g::op_contains> : set_op<Op::contains> {};
template <> struct action<g::op_startswith> : set_op<Op::startswith> {};
template <> struct action<g::op_endswith> : set_op<Op::endswith> {};
template <> struct action<g::op_re> : set_op<Op::re> {};
template <> struct action<g::op_cidr> : set_op<Op::cidr> {};
template <> struct action<g::op_exists> : set_op<Op::exists> {};

template <bool Modifiers::*Flag>
struct set_modifier {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Modifiers& m = st.condition.modifiers;
    if (!m.cased && !m.base64 && !m.base64offset) m.span = st.span(in.begin(), in.size());
    m.*Flag = true;
  }
};
template <> struct action<g::mod_cased> : set_modifier<&Modifiers::cased> {};
template <> struct action<g::mod_base64> : set_modifier<&Modifiers::base64> {};
template <> struct action<g::mod_base64offset> : set_modifier<&Modifiers::base64offset> {};

template <>
struct action<g::quantifier> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.condition.quantifier = in.string() == "any" ? Quantifier::any : Quantifier::all;
  }
};

template <typename Input>
FieldCondition finish_condition(const Input& in, ParseState& st) {
  FieldCondition c = std::move(st.condition);
  c.values = std::move(st.values);
  st.values.clear();
  c.span = st.span(in.begin(), in.size());
  return c;
}

template <>
struct action<g::field_condition> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.block.push_back(finish_condition(in, st)); }
};

template <>
struct action<g::inline_condition> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Expr e;
    e.kind = Expr::Kind::field;
    e.field = finish_condition(in, st);
    e.span = e.field->span;
    st.exprs.push_back(std::move(e));
  }
};

// ------------------------------------------------------------------ values
template <>
struct action<g::string_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.string_open = st.offset(in.begin()); }
};

template <>
struct action<g::string_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string_view body(in.begin() + 1, in.size() - 2);
    st.string.value = unescape_string(body, st.offset(in.begin()) + 1);
    st.string.span = st.span(in.begin(), in.size());
  }
};

template <>
struct action<g::field_ref_path> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.field_ref_path = in.string(); }
};

template <>
struct action<g::scalar> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ValueExpr v;
    v.span = st.span(in.begin(), in.size());
    const std::string_view text(in.begin(), in.size());
    if (text.front() == '"') {
      v.kind = ValueExpr::Kind::string;
      v.text = st.string.value;
    } else if (text == "true" || text == "false") {
      v.kind = ValueExpr::Kind::boolean;
      v.boolean = text == "true";
    } else if (text == "null") {
      v.kind = ValueExpr::Kind::null;
    } else if (text.front() == '$') {
      v.kind = ValueExpr::Kind::list_ref;
      v.text = std::string(text.substr(1));
    } else if (text.front() == '@') {
      v.kind = ValueExpr::Kind::binding;
      v.text = std::string(text.substr(1));
    } else if (text.front() == 'f') {
      v.kind = ValueExpr::Kind::field_ref;
      v.text = st.field_ref_path;
    } else {
      parse_number(text, st.offset(in.begin()), v);
    }
    st.values.push_back(std::move(v));
  }
};

template <>
struct action<g::list_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.list_mark = st.values.size();
    st.list_open = st.offset(in.begin());
  }
};

template <>
struct action<g::list_lit> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ValueExpr list;
    list.kind = ValueExpr::Kind::list;
    list.span = st.span(in.begin(), in.size());
    const auto first = st.values.begin() + static_cast<std::ptrdiff_t>(st.list_mark);
    list.items.assign(std::make_move_iterator(first), std::make_move_iterator(st.values.end()));
    st.values.erase(first, st.values.end());
    st.values.push_back(std::move(list));
  }
};

// ------------------------------------------------------------------ expressions
template <>
struct action<g::ref_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Expr e;
    e.kind = Expr::Kind::ref;
    e.ref = ident_of(in, st);
    e.span = e.ref.span;
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::of_target> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.of_target = ident_of(in, st); }
};

template <>
struct action<g::of_expr> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Expr e;
    e.kind = Expr::Kind::of;
    e.span = st.span(in.begin(), in.size());
    e.ref = st.of_target;
    e.of_all = in.peek_char() == 'a';
    st.exprs.push_back(std::move(e));
  }
};

template <>
struct action<g::negation> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Expr e;
    e.kind = Expr::Kind::not_;
    e.span = st.span(in.begin(), in.size());
    e.children.push_back(std::move(st.exprs.back()));
    st.exprs.back() = std::move(e);
  }
};

template <>
struct action<g::not_keyword> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.last_not = st.offset(in.begin()); }
};

template <>
struct action<g::paren_open> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) { st.parens.push_back(st.offset(in.begin())); }
};

template <>
struct action<g::paren_expr> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) { st.parens.pop_back(); }
};

// ------------------------------------------------------------------ lists, macros, exceptions, settings
template <>
struct action<g::override_mode> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string text = in.string();
    st.mode = text == "=" ? OverrideMode::define
              : text == "append" ? OverrideMode::append : OverrideMode::replace;
  }
};

template <>
struct action<g::list_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.list = ListDecl{};
    st.list.name = ident_of(in, st);
    st.declaration_name = st.list.name.name;
  }
};

template <>
struct action<g::list_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.list.mode = st.mode;
    st.list.items = std::move(st.values.back().items);
    st.list.span = st.span(in.begin(), in.size());
    st.file.lists.push_back(std::move(st.list));
  }
};

template <>
struct action<g::macro_name> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.macro = MacroDecl{};
    st.macro.name = ident_of(in, st);
    st.declaration_name = st.macro.name.name;
  }
};

template <>
struct action<g::macro_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.macro.mode = st.mode;
    st.macro.body = std::move(st.exprs.back());
    st.exprs.pop_back();
    st.macro.span = st.span(in.begin(), in.size());
    st.file.macros.push_back(std::move(st.macro));
  }
};

template <>
struct action<g::exception_pattern> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.exception = ExceptionDecl{};
    st.exception.rule_pattern = ident_of(in, st);
    st.block_owner = fmt::format("exception `{}`", st.exception.rule_pattern.name);
    st.alternatives.clear();
  }
};

template <>
struct action<g::exception_name> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) { st.exception.name = st.string; }
};

template <>
struct action<g::exception_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.exception.alternatives = std::move(st.alternatives);
    st.alternatives.clear();
    st.exception.span = st.span(in.begin(), in.size());
    st.file.exceptions.push_back(std::move(st.exception));
  }
};

template <>
struct action<g::setting_key> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.setting = SettingDecl{};
    st.setting.key = ident_of(in, st);
    st.declaration_name = st.setting.key.name;
    st.values.clear();
  }
};

template <>
struct action<g::setting_decl> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.setting.value = std::move(st.values.back());
    st.setting.span = st.span(in.begin(), in.size());
    st.file.settings.push_back(std::move(st.setting));
  }
};

}  // namespace sigil::dsl::syntax
