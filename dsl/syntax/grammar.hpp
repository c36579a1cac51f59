#pragma once
// The rule language as PEGTL rules. Meaning and examples: docs/rule-language.md.
// Actions (building the tree) live in actions.hpp, error messages in messages.hpp, the control
// that turns a failed `must` into a positioned diagnostic in control.hpp. This file only says
// what text is valid. Whitespace, line breaks and `#` comments may appear between any tokens.
//
//   file          = { declaration } EOF ;
//   declaration   = rule | list | macro | exception | setting ;       (reserved words: error)
//   rule          = "rule" IDENT "{" { statement } "}" ;
//   statement     = "title" STRING | "description" STRING | "author" STRING | "output" STRING
//                 | "severity" IDENT | "status" IDENT
//                 | "references" strings | "falsepositives" strings
//                 | "tags" tag { "," tag } | "atlas" ( "none" STRING | WORD { "," WORD } )
//                 | "on" IDENT { "," IDENT } | "fields" PATH { "," PATH }
//                 | ( "selection" | "filter" ) IDENT block { "or" block }
//                 | "condition" expr | state_statement ;
//   strings       = STRING | "[" [ STRING { "," STRING } [ "," ] ] "]" ;
//   tag           = WORD | STRING ;
//   block         = "{" condition_line { [ "," ] condition_line } [ "," ] "}" ;
//   condition_line= PATH [ "not" ] operation ;
//   operation     = "exists"
//                 | "between" value ".." value
//                 | binary_op { "cased" | "base64" | "base64offset" } [ "any" | "all" ] value ;
//   binary_op     = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "contains" | "startswith"
//                 | "endswith" | "re" | "cidr" ;
//   value         = STRING | NUMBER | "true" | "false" | "null" | "$" IDENT
//                 | "field" "(" PATH ")" | "[" [ value { "," value } [ "," ] ] "]" ;  (no nesting)
//   expr          = and_expr { "or" and_expr } ;
//   and_expr      = not_expr { "and" not_expr } ;
//   not_expr      = "not" not_expr | primary ;
//   primary       = "(" expr ")" | ( "1" | "all" ) "of" ( "them" | GLOB )
//                 | condition_line | IDENT ;          (a condition_line when an operator follows)
//   list          = "list" IDENT ( "=" | "append" | "replace" ) "[" [ value { "," value } [","] ] "]" ;
//   macro         = "macro" IDENT ( "=" | "append" | "replace" ) expr ;
//   exception     = "exception" GLOB "{" [ "name" STRING ] condition_line { [","] condition_line }
//                   [","] "}" { "or" block } ;
//   setting       = "set" PATH value ;
//   state_statement = "window" [ "sliding" | "tumbling" ] DURATION [ by ]
//                 | "aggregate" IDENT "=" IDENT "(" [ PATH ] ")" { "," ... }
//                 | "having" having | "baseline" "warmup" DIGITS
//                 | "new" PATH [ by ] "within" DURATION
//                 | "sequence" [ by ] "within" DURATION "{" { step } "}" [ "until" step_body ]
//                 | "suppress" DURATION [ by ] ;
//   by            = "by" PATH { "," PATH } ;
//   having        = having_and { "or" having_and } ;  having_and = having_not { "and" having_not } ;
//   having_not    = "not" having_not | arith ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) arith
//                 | "(" having ")" ;
//   arith         = term { ( "+" | "-" ) term } ;      term = unary { ( "*" | "/" ) unary } ;
//   unary         = "-" unary | NUMBER | ( "baseline" | "zscore" ) "(" IDENT "," DURATION ")"
//                 | "(" arith ")" | IDENT ;
//   step          = [ "!" ] IDENT [ "[" DIGITS [ ".." [ DIGITS ] ] "]" ] ":" step_body ;
//   step_body     = IDENT [ "by" PATH ] "where" expr [ "bind" IDENT "=" PATH { "," IDENT "=" PATH } ] ;
//   (value also takes "@" IDENT: a value bound by an earlier sequence step)
//
//   IDENT  = [A-Za-z_][A-Za-z0-9_]* ;           PATH = IDENT { "." IDENT } ;
//   WORD   = [A-Za-z_][A-Za-z0-9_-]* { "." [A-Za-z0-9_-]+ } ;   (AML.T0051.000, owasp.llm01)
//   GLOB   = [A-Za-z0-9_*?]+ not starting with a digit ;
//   STRING = '"' { char | '\"' | '\\' | '\n' | '\t' | '\u' HEX4 } '"' ;   (one line)
//   NUMBER = [+-] DIGITS [ "." DIGITS ] [ ( "e" | "E" ) [+-] DIGITS ] ;
//   DURATION = DIGITS followed by whatever sticks to them (`30s`, `5min`): the checker judges it
//
// Every keyword is followed by `must<...>` (if_must), so once a statement has started, a mistake
// is a hard error at its position instead of a silent backtrack.

#include <tao/pegtl.hpp>

namespace sigil::dsl::syntax::grammar {

namespace pegtl = tao::pegtl;
using pegtl::at;
using pegtl::digit;
using pegtl::eof;
using pegtl::if_must;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;

// ---------------------------------------------------------------- lexical structure
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct ws : star<sor<pegtl::space, comment>> {};

struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct identifier : seq<ident_first, star<ident_other>> {};
struct path : seq<identifier, star<one<'.'>, identifier>> {};
struct word_char : sor<ident_other, one<'-'>> {};
struct dotted_word : seq<ident_first, star<word_char>, star<one<'.'>, plus<word_char>>> {};
struct glob : seq<sor<ident_first, one<'*', '?'>>, star<sor<ident_other, one<'*', '?'>>>> {};

// Strings are lenient here (any escaped byte); the action unescapes and rejects bad escapes
// with E-BAD-ESCAPE at the backslash. A string ends at its line: E-UNTERMINATED-STRING.
struct string_open : one<'"'> {};
struct string_char : sor<seq<one<'\\'>, not_one<'\n', '\r'>>, not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<string_open, star<string_char>, must<string_close>> {};

// A number-like token is taken whole (`12abc`, `1.2.3`) so E-BAD-NUMBER underlines all of it;
// the action checks the strict form. `1..5` stays a number followed by `..`.
struct number_char : sor<seq<one<'e', 'E'>, one<'+', '-'>>, ident_other,
                         seq<one<'.'>, not_at<one<'.'>>>> {};
struct number : seq<opt<one<'+', '-'>>, digit, star<number_char>> {};

// ---------------------------------------------------------------- keywords
// clang-format off
struct kw_rule : TAO_PEGTL_KEYWORD("rule") {};
struct kw_list : TAO_PEGTL_KEYWORD("list") {};
struct kw_macro : TAO_PEGTL_KEYWORD("macro") {};
struct kw_exception : TAO_PEGTL_KEYWORD("exception") {};
struct kw_set : TAO_PEGTL_KEYWORD("set") {};
struct top_keyword : sor<kw_rule, kw_list, kw_macro, kw_exception, kw_set> {};

struct kw_title : TAO_PEGTL_KEYWORD("title") {};
struct kw_description : TAO_PEGTL_KEYWORD("description") {};
struct kw_author : TAO_PEGTL_KEYWORD("author") {};
struct kw_output : TAO_PEGTL_KEYWORD("output") {};
struct kw_severity : TAO_PEGTL_KEYWORD("severity") {};
struct kw_status : TAO_PEGTL_KEYWORD("status") {};
struct kw_references : TAO_PEGTL_KEYWORD("references") {};
struct kw_falsepositives : TAO_PEGTL_KEYWORD("falsepositives") {};
struct kw_tags : TAO_PEGTL_KEYWORD("tags") {};
struct kw_atlas : TAO_PEGTL_KEYWORD("atlas") {};
struct kw_on : TAO_PEGTL_KEYWORD("on") {};
struct kw_fields : TAO_PEGTL_KEYWORD("fields") {};
struct kw_selection : TAO_PEGTL_KEYWORD("selection") {};
struct kw_filter : TAO_PEGTL_KEYWORD("filter") {};
struct kw_condition : TAO_PEGTL_KEYWORD("condition") {};
struct statement_keyword : sor<kw_title, kw_description, kw_author, kw_output, kw_severity,
                               kw_status, kw_references, kw_falsepositives, kw_tags, kw_atlas,
                               kw_on, kw_fields, kw_selection, kw_filter, kw_condition> {};

// Per-session state: statements, and the words inside them.
struct kw_window : TAO_PEGTL_KEYWORD("window") {};
struct kw_aggregate : TAO_PEGTL_KEYWORD("aggregate") {};
struct kw_having : TAO_PEGTL_KEYWORD("having") {};
struct kw_baseline : TAO_PEGTL_KEYWORD("baseline") {};
struct kw_new : TAO_PEGTL_KEYWORD("new") {};
struct kw_sequence : TAO_PEGTL_KEYWORD("sequence") {};
struct kw_suppress : TAO_PEGTL_KEYWORD("suppress") {};
struct state_keyword : sor<kw_window, kw_aggregate, kw_having, kw_baseline, kw_new, kw_sequence,
                           kw_suppress> {};
struct kw_by : TAO_PEGTL_KEYWORD("by") {};
struct kw_within : TAO_PEGTL_KEYWORD("within") {};
struct kw_until : TAO_PEGTL_KEYWORD("until") {};
struct kw_where : TAO_PEGTL_KEYWORD("where") {};
struct kw_bind : TAO_PEGTL_KEYWORD("bind") {};
struct kw_warmup : TAO_PEGTL_KEYWORD("warmup") {};
struct kw_sliding : TAO_PEGTL_KEYWORD("sliding") {};
struct kw_tumbling : TAO_PEGTL_KEYWORD("tumbling") {};
struct kw_zscore : TAO_PEGTL_KEYWORD("zscore") {};
struct clause_keyword : sor<kw_by, kw_within, kw_until, kw_where, kw_bind> {};

// Reserved for rule tests (a later release): using one is E-NOT-YET-SUPPORTED.
struct kw_test : TAO_PEGTL_KEYWORD("test") {};
struct kw_expect : TAO_PEGTL_KEYWORD("expect") {};
struct reserved_word : sor<kw_test, kw_expect> {};
// At a statement or declaration start, or as a condition operand: fail hard, naming the word.
struct reserved_use : seq<at<reserved_word>, pegtl::raise<reserved_word>> {};
// A state statement's word where a declaration or a condition operand belongs: E-SYNTAX
// naming where it goes (control.cpp builds the message).
struct misplaced_state_word : seq<sor<state_keyword, clause_keyword>, not_at<one<'.'>>> {};
struct misplaced_state : seq<at<misplaced_state_word>, pegtl::raise<misplaced_state_word>> {};

// Lists of names end where the next statement starts, even across a line break: a statement
// keyword (not followed by `.`) is never taken as a name in a list.
struct keyword_ahead : seq<sor<statement_keyword, state_keyword, clause_keyword, top_keyword,
                               reserved_word>, not_at<one<'.'>>> {};

struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_of : TAO_PEGTL_KEYWORD("of") {};
struct kw_them : TAO_PEGTL_KEYWORD("them") {};
struct kw_one : seq<one<'1'>, not_at<ident_other>> {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_none : TAO_PEGTL_KEYWORD("none") {};
struct kw_name : TAO_PEGTL_KEYWORD("name") {};
struct kw_append : TAO_PEGTL_KEYWORD("append") {};
struct kw_replace : TAO_PEGTL_KEYWORD("replace") {};
struct kw_define : one<'='> {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_null : TAO_PEGTL_KEYWORD("null") {};
struct kw_field : TAO_PEGTL_KEYWORD("field") {};

// ---------------------------------------------------------------- values
struct list_ref_name : identifier {};
struct list_ref : if_must<one<'$'>, list_ref_name> {};
struct field_ref_open : one<'('> {};
struct field_ref_path : path {};
struct field_ref_close : one<')'> {};
struct field_ref : seq<kw_field, ws, field_ref_open, ws, must<field_ref_path>, ws,
                       must<field_ref_close>> {};
struct binding_ref_name : identifier {};
struct binding_ref : if_must<one<'@'>, binding_ref_name> {};  // a value bound by a sequence step
struct scalar : sor<string_lit, number, kw_true, kw_false, kw_null, list_ref, field_ref,
                    binding_ref> {};

struct list_open : one<'['> {};
struct list_close : one<']'> {};
struct list_lit : seq<list_open, ws,
                      opt<scalar, ws, star<one<','>, ws, scalar, ws>, opt<one<','>, ws>>,
                      must<list_close>> {};
struct value : sor<list_lit, scalar> {};

// ---------------------------------------------------------------- field conditions
struct op_eq : TAO_PEGTL_STRING("==") {};
struct op_ne : TAO_PEGTL_STRING("!=") {};
struct op_le : TAO_PEGTL_STRING("<=") {};
struct op_ge : TAO_PEGTL_STRING(">=") {};
struct op_lt : one<'<'> {};
struct op_gt : one<'>'> {};
struct op_in : TAO_PEGTL_KEYWORD("in") {};
struct op_contains : TAO_PEGTL_KEYWORD("contains") {};
struct op_startswith : TAO_PEGTL_KEYWORD("startswith") {};
struct op_endswith : TAO_PEGTL_KEYWORD("endswith") {};
struct op_re : TAO_PEGTL_KEYWORD("re") {};
struct op_cidr : TAO_PEGTL_KEYWORD("cidr") {};
struct op_between : TAO_PEGTL_KEYWORD("between") {};
struct op_exists : TAO_PEGTL_KEYWORD("exists") {};
struct binary_op : sor<op_eq, op_ne, op_le, op_ge, op_lt, op_gt, op_in, op_contains,
                       op_startswith, op_endswith, op_re, op_cidr> {};
struct any_op : sor<op_exists, op_between, binary_op> {};

struct mod_cased : TAO_PEGTL_KEYWORD("cased") {};
struct mod_base64offset : TAO_PEGTL_KEYWORD("base64offset") {};
struct mod_base64 : TAO_PEGTL_KEYWORD("base64") {};
struct modifier : sor<mod_cased, mod_base64offset, mod_base64> {};
struct quantifier : sor<kw_any, kw_all> {};

struct operand : seq<value> {};
struct between_low : seq<value> {};
struct between_dots : TAO_PEGTL_STRING("..") {};
struct between_high : seq<value> {};
struct between_operation : if_must<op_between, ws, between_low, ws, between_dots, ws,
                                   between_high> {};
struct binary_operation : seq<binary_op, ws, star<modifier, ws>, opt<quantifier, ws>,
                              must<operand>> {};
struct operation : sor<op_exists, between_operation, binary_operation> {};
struct negation_word : kw_not {};
struct condition_tail : seq<opt<negation_word, ws>, must<operation>> {};
struct condition_field : path {};
// In a block every line is a condition: after the path an operator must follow.
struct field_condition : seq<condition_field, ws, condition_tail> {};
// In an expression a path is a condition only if an operator follows; else it is a name.
struct inline_condition : seq<condition_field, ws, at<opt<kw_not, ws>, any_op>,
                              condition_tail> {};

// ---------------------------------------------------------------- blocks
// `and`/`or` inside a block, or a statement keyword where a condition should be, get their own
// messages (the block is already an AND; a missing `}` is the likely mistake).
struct stray_connective : sor<kw_and, kw_or> {};
struct block_interrupted : seq<sor<statement_keyword, state_keyword, top_keyword>, not_at<one<'.'>>> {};
struct block_item : sor<seq<at<stray_connective>, pegtl::raise<stray_connective>>,
                        seq<at<block_interrupted>, pegtl::raise<block_interrupted>>,
                        field_condition> {};
struct block_open : one<'{'> {};
struct block_close : one<'}'> {};
struct block_first_item : seq<block_item> {};
template <typename Head>
struct block_with : seq<block_open, ws, Head, must<block_first_item>, ws,
                        star<opt<one<','>, ws>, block_item, ws>, opt<one<','>, ws>,
                        must<block_close>> {};
struct block : block_with<pegtl::success> {};
struct or_block : seq<block> {};
struct alternatives : seq<block, star<ws, kw_or, ws, must<or_block>>> {};

// ---------------------------------------------------------------- expressions
struct expr;
struct or_operand;
struct and_operand;
struct paren_open : one<'('> {};
struct paren_close : one<')'> {};
struct paren_inner : seq<expr> {};
struct paren_expr : if_must<paren_open, ws, paren_inner, ws, paren_close> {};
struct of_quantifier : sor<kw_one, kw_all> {};
struct of_target : sor<kw_them, glob> {};
struct of_expr : seq<of_quantifier, ws, kw_of, ws, must<of_target>> {};
struct ref_name : seq<not_at<sor<kw_and, kw_or, kw_not, kw_of>>, identifier> {};
struct primary : sor<paren_expr, of_expr, inline_condition, reserved_use, misplaced_state,
                     ref_name> {};
struct not_operand;
struct not_keyword : kw_not {};
struct negation : seq<not_keyword, ws, must<not_operand>> {};
struct not_expr : sor<negation, primary> {};
struct not_operand : seq<not_expr> {};
struct and_expr : seq<not_expr, star<ws, kw_and, ws, must<and_operand>>> {};
struct and_operand : seq<not_expr> {};
struct or_expr : seq<and_expr, star<ws, kw_or, ws, must<or_operand>>> {};
struct or_operand : seq<and_expr> {};
struct expr : seq<or_expr> {};

// ---------------------------------------------------------------- rule statements
struct string_item : seq<string_lit> {};
struct string_array_close : one<']'> {};
struct string_array : seq<one<'['>, ws,
                          opt<string_item, ws, star<one<','>, ws, string_item, ws>,
                              opt<one<','>, ws>>,
                          must<string_array_close>> {};
struct strings : sor<string_array, string_item> {};

struct title_value : seq<string_lit> {};
struct description_value : seq<string_lit> {};
struct author_value : seq<string_lit> {};
struct output_value : seq<string_lit> {};
struct severity_value : identifier {};
struct status_value : identifier {};
struct tag : sor<string_lit, seq<not_at<keyword_ahead>, dotted_word>> {};
struct tag_list : seq<tag, star<ws, one<','>, ws, must<tag>>> {};
struct atlas_id : dotted_word {};
struct atlas_none_reason : seq<string_lit> {};
struct atlas_value : sor<if_must<kw_none, ws, atlas_none_reason>,
                         seq<atlas_id, star<ws, one<','>, ws, must<atlas_id>>>> {};
struct kind_name : seq<not_at<keyword_ahead>, identifier> {};
struct kind_list : seq<kind_name, star<ws, one<','>, ws, must<kind_name>>> {};
struct extra_field : seq<not_at<keyword_ahead>, path> {};
struct field_list : seq<extra_field, star<ws, one<','>, ws, must<extra_field>>> {};
struct selection_name : identifier {};
struct condition_expr : seq<expr> {};

struct title_stmt : if_must<kw_title, ws, title_value> {};
struct description_stmt : if_must<kw_description, ws, description_value> {};
struct author_stmt : if_must<kw_author, ws, author_value> {};
struct output_stmt : if_must<kw_output, ws, output_value> {};
struct severity_stmt : if_must<kw_severity, ws, severity_value> {};
struct status_stmt : if_must<kw_status, ws, status_value> {};
struct references_stmt : if_must<kw_references, ws, strings> {};
struct falsepositives_stmt : if_must<kw_falsepositives, ws, strings> {};
struct tags_stmt : if_must<kw_tags, ws, tag_list> {};
struct atlas_stmt : if_must<kw_atlas, ws, atlas_value> {};
struct on_stmt : if_must<kw_on, ws, kind_list> {};
struct fields_stmt : if_must<kw_fields, ws, field_list> {};
struct selection_stmt : if_must<sor<kw_selection, kw_filter>, ws, selection_name, ws,
                                alternatives> {};
struct condition_stmt : if_must<kw_condition, ws, condition_expr> {};

// ---------------------------------------------------------------- per-session state statements
// A duration token is taken whole (`30s`, `5min`, `1.5h`); the checker judges it (E-BAD-DURATION).
struct duration : seq<digit, star<sor<ident_other, seq<one<'.'>, digit>>>> {};
struct key_path : seq<not_at<keyword_ahead>, path> {};
struct key_list : seq<key_path, star<ws, one<','>, ws, must<key_path>>> {};
struct by_clause : if_must<kw_by, ws, key_list> {};

struct window_mode : sor<kw_sliding, kw_tumbling> {};
struct window_length : seq<duration> {};
struct window_stmt : if_must<kw_window, ws, opt<window_mode, ws>, window_length, opt<ws, by_clause>> {};

struct aggregate_name : identifier {};
struct aggregate_define : one<'='> {};
struct aggregate_fn : identifier {};
struct aggregate_open : one<'('> {};
struct aggregate_field : path {};
struct aggregate_close : one<')'> {};
struct aggregate_def : seq<aggregate_name, ws, must<aggregate_define>, ws, must<aggregate_fn>, ws,
                           must<aggregate_open>, ws, opt<aggregate_field, ws>, must<aggregate_close>> {};
struct aggregate_list : seq<aggregate_def, star<ws, one<','>, ws, must<aggregate_def>>> {};
struct aggregate_stmt : if_must<kw_aggregate, ws, aggregate_list> {};

// `having`: or/and/not over comparisons of arithmetic. A `(` may open arithmetic or a group of
// comparisons: the comparison is tried first, and arithmetic parentheses backtrack softly.
struct arith;
struct arith_number : seq<digit, star<number_char>> {};
struct history_fn : sor<kw_baseline, kw_zscore> {};
struct history_open : seq<history_fn, ws, one<'('>> {};
struct history_name : identifier {};
struct history_comma : one<','> {};
struct history_horizon : seq<duration> {};
struct history_close : one<')'> {};
struct history_call : if_must<history_open, ws, history_name, ws, history_comma, ws,
                              history_horizon, ws, history_close> {};
struct arith_name : seq<not_at<sor<kw_and, kw_or, kw_not, history_fn>>, identifier> {};
struct arith_paren_inner : seq<arith> {};
struct arith_paren : seq<one<'('>, ws, arith_paren_inner, ws, one<')'>> {};
struct arith_primary : sor<arith_number, history_call, arith_paren, arith_name> {};
struct arith_unary;
struct arith_operand : seq<arith_unary> {};
struct arith_neg : seq<one<'-'>, ws, must<arith_operand>> {};
struct arith_unary : sor<arith_neg, arith_primary> {};
struct mul_tail : seq<one<'*', '/'>, ws, must<arith_operand>> {};
struct arith_term : seq<arith_unary, star<ws, mul_tail>> {};
struct arith_term_operand : seq<arith_term> {};
struct add_tail : seq<one<'+', '-'>, ws, must<arith_term_operand>> {};
struct arith : seq<arith_term, star<ws, add_tail>> {};
struct having_op : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="),
                       TAO_PEGTL_STRING(">="), one<'<'>, one<'>'>> {};
struct comparison_rhs : seq<arith> {};
struct comparison : seq<arith, ws, having_op, ws, must<comparison_rhs>> {};
struct having_or;
struct having_paren_inner : seq<having_or> {};
struct having_paren_close : one<')'> {};
struct having_paren : if_must<one<'('>, ws, having_paren_inner, ws, having_paren_close> {};
struct having_not;
struct having_not_operand : seq<having_not> {};
struct having_negation : seq<kw_not, ws, must<having_not_operand>> {};
struct having_primary : sor<comparison, having_paren> {};
struct having_not : sor<having_negation, having_primary> {};
struct having_and_operand : seq<having_not> {};
struct having_and : seq<having_not, star<ws, kw_and, ws, must<having_and_operand>>> {};
struct having_or_operand : seq<having_and> {};
struct having_or : seq<having_and, star<ws, kw_or, ws, must<having_or_operand>>> {};
struct having_body : seq<having_or> {};
struct having_stmt : if_must<kw_having, ws, having_body> {};

struct warmup_count : seq<digit, star<ident_other>> {};
struct baseline_keyword : seq<kw_baseline> {};
struct baseline_stmt : if_must<baseline_keyword, ws, kw_warmup, ws, warmup_count> {};

struct new_field : seq<not_at<keyword_ahead>, path> {};
struct new_within : seq<kw_within> {};
struct new_horizon : seq<duration> {};
struct new_stmt : if_must<kw_new, ws, new_field, ws, opt<by_clause, ws>, new_within, ws, new_horizon> {};

struct suppress_length : seq<duration> {};
struct suppress_stmt : if_must<kw_suppress, ws, suppress_length, opt<ws, by_clause>> {};

// Sequence steps. A step's `where` is the condition language, with `@name` values.
struct absent_mark : one<'!'> {};
struct step_name : seq<not_at<keyword_ahead>, identifier> {};
struct repeat_min : plus<digit> {};
struct repeat_dots : TAO_PEGTL_STRING("..") {};
struct repeat_max : plus<digit> {};
struct repeat_close : one<']'> {};
struct repeat : if_must<one<'['>, ws, repeat_min, ws, opt<repeat_dots, ws, opt<repeat_max, ws>>,
                        repeat_close> {};
struct step_colon : one<':'> {};
struct step_kind : identifier {};
struct step_key : path {};
struct step_by : if_must<kw_by, ws, step_key> {};
struct step_where : seq<kw_where> {};
struct step_condition : seq<expr> {};
struct bind_name : identifier {};
struct bind_define : one<'='> {};
struct bind_field : path {};
struct binding : seq<bind_name, ws, must<bind_define>, ws, must<bind_field>> {};
struct bind_clause : if_must<kw_bind, ws, binding, star<ws, one<','>, ws, must<binding>>> {};
struct step_rest : seq<must<step_kind>, ws, opt<step_by, ws>, must<step_where>, ws,
                       must<step_condition>, opt<ws, bind_clause>> {};
struct step_head : seq<opt<absent_mark, ws>, step_name, ws, opt<repeat, ws>> {};
struct step : seq<step_head, must<step_colon>, ws, step_rest> {};
struct until_clause : if_must<kw_until, ws, step_rest> {};
struct sequence_within : seq<kw_within> {};
struct sequence_length : seq<duration> {};
struct sequence_open : one<'{'> {};
struct sequence_close : one<'}'> {};
struct sequence_stmt : if_must<kw_sequence, ws, opt<by_clause, ws>, sequence_within, ws,
                               sequence_length, ws, sequence_open, ws, star<step, ws>,
                               sequence_close, opt<ws, until_clause>> {};

struct statement : sor<title_stmt, description_stmt, author_stmt, output_stmt, severity_stmt,
                       status_stmt, references_stmt, falsepositives_stmt, tags_stmt, atlas_stmt,
                       on_stmt, fields_stmt, selection_stmt, condition_stmt, window_stmt,
                       aggregate_stmt, having_stmt, baseline_stmt, new_stmt, sequence_stmt,
                       suppress_stmt, reserved_use> {};

// ---------------------------------------------------------------- declarations
struct rule_id : identifier {};
struct rule_open : one<'{'> {};
struct rule_close : one<'}'> {};
struct rule_decl : if_must<kw_rule, ws, rule_id, ws, rule_open, ws, star<statement, ws>,
                           rule_close> {};

struct override_mode : sor<kw_define, kw_append, kw_replace> {};
struct list_name : identifier {};
struct list_items : seq<list_lit> {};
struct list_decl : if_must<kw_list, ws, list_name, ws, override_mode, ws, list_items> {};

struct macro_name : identifier {};
struct macro_body : seq<expr> {};
struct macro_decl : if_must<kw_macro, ws, macro_name, ws, override_mode, ws, macro_body> {};

struct exception_pattern : glob {};
struct exception_name : if_must<seq<kw_name, ws, at<one<'"'>>>, string_lit> {};
struct exception_first_block : block_with<opt<exception_name, ws>> {};
struct exception_decl : if_must<kw_exception, ws, exception_pattern, ws, exception_first_block,
                                star<ws, kw_or, ws, must<or_block>>> {};

struct setting_key : path {};
struct setting_value : seq<value> {};
struct setting_decl : if_must<kw_set, ws, setting_key, ws, setting_value> {};

struct declaration : sor<rule_decl, list_decl, macro_decl, exception_decl, setting_decl,
                         reserved_use, misplaced_state> {};
// clang-format on

// The parser reads one declaration at a time so that it can recover after an error.
struct declaration_start : pegtl::success {};
struct next_declaration : seq<ws, sor<eof, seq<declaration_start, must<declaration>>>> {};
struct file : seq<ws, star<declaration, ws>, must<eof>> {};

}  // namespace sigil::dsl::syntax::grammar
