#pragma once
// The E-SYNTAX message for each grammar rule that can fail inside a `must`, in the style of
// PEGTL's json_errors.hpp. Placeholders, filled by control.hpp from the parse state:
//   {found}   the token at the error ("`equals`", "a string", "the end of the file")
//   {rule} {opened}            the rule being read and where its `rule` keyword is
//   {keyword}                  the statement keyword just read (`title`, `references`, ...)
//   {name}                     the list or macro being declared
//   {op}                       the operator just read
//   {block} {block_opened}     "selection `phrase`" and where its `{` is
//   {list_opened} {paren_opened} {sequence_opened}
// A few rules need more than a template (rule_close, operation, string_close, reserved_word):
// control.hpp builds those messages itself.

#include "dsl/syntax/grammar.hpp"

namespace sigil::dsl::syntax {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define SIGIL_ERROR_MESSAGE(rule, text) \
  template <>                           \
  inline constexpr const char* error_message<grammar::rule> = text

// clang-format off
SIGIL_ERROR_MESSAGE(declaration, "expected a declaration (`rule`, `list`, `macro`, `exception` or `set`), found {found}");
SIGIL_ERROR_MESSAGE(rule_id, "expected a rule id after `rule`, found {found}");
SIGIL_ERROR_MESSAGE(rule_open, "expected `{{` to open rule `{rule}`, found {found}");

SIGIL_ERROR_MESSAGE(title_value, "expected a string after `title`, found {found}");
SIGIL_ERROR_MESSAGE(description_value, "expected a string after `description`, found {found}");
SIGIL_ERROR_MESSAGE(author_value, "expected a string after `author`, found {found}");
SIGIL_ERROR_MESSAGE(output_value, "expected a string after `output`, found {found}");
SIGIL_ERROR_MESSAGE(severity_value, "expected a severity (informational, low, medium, high, critical) after `severity`, found {found}");
SIGIL_ERROR_MESSAGE(status_value, "expected a status (stable, test, experimental, deprecated) after `status`, found {found}");
SIGIL_ERROR_MESSAGE(strings, "expected a string or a list of strings `[\"...\", ...]` after `{keyword}`, found {found}");
SIGIL_ERROR_MESSAGE(string_array_close, "expected `,` or `]` in the list of strings after `{keyword}`, found {found}");
SIGIL_ERROR_MESSAGE(tag_list, "expected a tag such as `owasp.llm01` or a string after `tags`, found {found}");
SIGIL_ERROR_MESSAGE(tag, "expected a tag after `,`, found {found}");
SIGIL_ERROR_MESSAGE(atlas_value, "expected an ATLAS technique id such as `AML.T0051.000`, or `none \"reason\"`, after `atlas`, found {found}");
SIGIL_ERROR_MESSAGE(atlas_id, "expected an ATLAS technique id after `,`, found {found}");
SIGIL_ERROR_MESSAGE(atlas_none_reason, "expected a string after `atlas none` saying why no ATLAS technique applies, found {found}");
SIGIL_ERROR_MESSAGE(kind_list, "expected an event kind such as `prompt` after `on`, found {found}");
SIGIL_ERROR_MESSAGE(kind_name, "expected an event kind after `,`, found {found}");
SIGIL_ERROR_MESSAGE(field_list, "expected a field path after `fields`, found {found}");
SIGIL_ERROR_MESSAGE(extra_field, "expected a field path after `,`, found {found}");
SIGIL_ERROR_MESSAGE(selection_name, "expected a name after `{keyword}`, found {found}");
SIGIL_ERROR_MESSAGE(alternatives, "expected `{{` to start the conditions of {block}, found {found}");
SIGIL_ERROR_MESSAGE(or_block, "expected `{{` to start another block of {block} after `or`, found {found}");
SIGIL_ERROR_MESSAGE(condition_expr, "expected a condition after `condition`, found {found}");

SIGIL_ERROR_MESSAGE(block_first_item, "expected a field condition such as `prompt.text contains \"x\"` in {block}, found {found}");
SIGIL_ERROR_MESSAGE(block_close, "expected a field condition or `}}` to close the block of {block} opened at {block_opened}, found {found}");
SIGIL_ERROR_MESSAGE(block_interrupted, "expected `}}` to close the block of {block} opened at {block_opened}, found {found}");
SIGIL_ERROR_MESSAGE(operand, "expected a value after `{op}`, found {found}");
SIGIL_ERROR_MESSAGE(between_low, "expected the low bound after `between`, found {found}");
SIGIL_ERROR_MESSAGE(between_dots, "expected `..` between the bounds of `between`, found {found}");
SIGIL_ERROR_MESSAGE(between_high, "expected the high bound after `..`, found {found}");
SIGIL_ERROR_MESSAGE(list_close, "expected `,` or `]` in the list opened at {list_opened}, found {found}");
SIGIL_ERROR_MESSAGE(list_ref_name, "expected a list name after `$`, found {found}");
SIGIL_ERROR_MESSAGE(field_ref_path, "expected a field path inside `field(...)`, found {found}");
SIGIL_ERROR_MESSAGE(field_ref_close, "expected `)` to close `field(`, found {found}");

SIGIL_ERROR_MESSAGE(paren_inner, "expected a condition after `(`, found {found}");
SIGIL_ERROR_MESSAGE(paren_close, "expected `)` to close the `(` at {paren_opened}, found {found}");
SIGIL_ERROR_MESSAGE(of_target, "expected `them` or a name pattern such as `sel_*` after `of`, found {found}");
SIGIL_ERROR_MESSAGE(not_operand, "expected a condition after `not`, found {found}");
SIGIL_ERROR_MESSAGE(and_operand, "expected a condition after `and`, found {found}");
SIGIL_ERROR_MESSAGE(or_operand, "expected a condition after `or`, found {found}");

SIGIL_ERROR_MESSAGE(list_name, "expected a list name after `list`, found {found}");
SIGIL_ERROR_MESSAGE(list_items, "expected `[` and the values of list `{name}`, found {found}");
SIGIL_ERROR_MESSAGE(macro_name, "expected a macro name after `macro`, found {found}");
SIGIL_ERROR_MESSAGE(macro_body, "expected the condition of macro `{name}`, found {found}");
SIGIL_ERROR_MESSAGE(override_mode, "expected `=`, `append` or `replace` after `{name}`, found {found}");
SIGIL_ERROR_MESSAGE(exception_pattern, "expected a rule id or a pattern such as `prompt_*` after `exception`, found {found}");
SIGIL_ERROR_MESSAGE(exception_first_block, "expected `{{` to start the conditions of {block}, found {found}");
SIGIL_ERROR_MESSAGE(string_lit, "expected a string, found {found}");
SIGIL_ERROR_MESSAGE(setting_key, "expected a setting name such as `timezone` after `set`, found {found}");
SIGIL_ERROR_MESSAGE(setting_value, "expected a value for setting `{name}`, found {found}");
SIGIL_ERROR_MESSAGE(eof, "expected a declaration (`rule`, `list`, `macro`, `exception` or `set`), found {found}");

// per-session state
SIGIL_ERROR_MESSAGE(key_list, "expected a field path after `by`, found {found}");
SIGIL_ERROR_MESSAGE(key_path, "expected a field path after `,`, found {found}");
SIGIL_ERROR_MESSAGE(window_length, "expected a duration such as `30s`, `5m`, `1h` or `1d` after `window`, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_list, "expected `NAME = FUNCTION(FIELD)` after `aggregate`, e.g. `n = count()`, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_def, "expected another `NAME = FUNCTION(FIELD)` after `,`, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_define, "expected `=` after the aggregate name, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_fn, "expected a function (count, sum, avg, min, max, distinct, p50, p90, p95, p99) after `=`, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_open, "expected `(` after the aggregate function, found {found}");
SIGIL_ERROR_MESSAGE(aggregate_close, "expected a field path or `)` in the aggregate, found {found}");
SIGIL_ERROR_MESSAGE(history_name, "expected an aggregate name after `(`, found {found}");
SIGIL_ERROR_MESSAGE(history_comma, "expected `,` and the history's duration after the aggregate name, found {found}");
SIGIL_ERROR_MESSAGE(history_horizon, "expected a duration such as `1h` or `7d` for the history, found {found}");
SIGIL_ERROR_MESSAGE(history_close, "expected `)` after the history's duration, found {found}");
SIGIL_ERROR_MESSAGE(arith_operand, "expected a number, an aggregate name, `baseline(...)`, `zscore(...)` or `(`, found {found}");
SIGIL_ERROR_MESSAGE(arith_term_operand, "expected a number, an aggregate name, `baseline(...)`, `zscore(...)` or `(`, found {found}");
SIGIL_ERROR_MESSAGE(comparison_rhs, "expected a number or an aggregate expression after the comparison, found {found}");
SIGIL_ERROR_MESSAGE(having_body, "expected a comparison such as `n > 10` after `having`, found {found}");
SIGIL_ERROR_MESSAGE(having_paren_inner, "expected a comparison such as `n > 10` after `(`, found {found}");
SIGIL_ERROR_MESSAGE(having_paren_close, "expected `)` to close the group of comparisons, found {found}");
SIGIL_ERROR_MESSAGE(having_not_operand, "expected a comparison after `not`, found {found}");
SIGIL_ERROR_MESSAGE(having_and_operand, "expected a comparison after `and`, found {found}");
SIGIL_ERROR_MESSAGE(having_or_operand, "expected a comparison after `or`, found {found}");
SIGIL_ERROR_MESSAGE(kw_warmup, "expected `warmup` after `baseline` (`baseline warmup 3`), found {found}");
SIGIL_ERROR_MESSAGE(warmup_count, "expected a number of windows after `baseline warmup`, found {found}");
SIGIL_ERROR_MESSAGE(new_field, "expected the field whose values must be new after `new`, found {found}");
SIGIL_ERROR_MESSAGE(new_within, "expected `by` or `within` after the field of `new`, found {found}");
SIGIL_ERROR_MESSAGE(new_horizon, "expected a duration such as `30d` after `within`, found {found}");
SIGIL_ERROR_MESSAGE(suppress_length, "expected a duration such as `15m` after `suppress`, found {found}");
SIGIL_ERROR_MESSAGE(sequence_within, "expected `by` or `within` after `sequence`, found {found}");
SIGIL_ERROR_MESSAGE(sequence_length, "expected a duration such as `10m` after `within`, found {found}");
SIGIL_ERROR_MESSAGE(sequence_open, "expected `{{` to open the steps of the sequence, found {found}");
SIGIL_ERROR_MESSAGE(sequence_close, "expected a step `NAME: KIND where CONDITION` or `}}` to close the sequence opened at {sequence_opened}, found {found}");
SIGIL_ERROR_MESSAGE(repeat_min, "expected a count after `[`, as in `[3]`, `[3..]` or `[3..5]`, found {found}");
SIGIL_ERROR_MESSAGE(repeat_close, "expected `..` or `]` in the step's repetition, found {found}");
SIGIL_ERROR_MESSAGE(step_colon, "expected `:` after the step name, found {found}");
SIGIL_ERROR_MESSAGE(step_rest, "expected an event kind after `until`, found {found}");
SIGIL_ERROR_MESSAGE(step_kind, "expected an event kind such as `prompt`, found {found}");
SIGIL_ERROR_MESSAGE(step_key, "expected a field path after `by`, found {found}");
SIGIL_ERROR_MESSAGE(step_where, "expected `where` and the step's condition after the event kind, found {found}");
SIGIL_ERROR_MESSAGE(step_condition, "expected a condition after `where`, found {found}");
SIGIL_ERROR_MESSAGE(binding, "expected `NAME = FIELD` after `bind`, found {found}");
SIGIL_ERROR_MESSAGE(bind_define, "expected `=` after the binding's name, found {found}");
SIGIL_ERROR_MESSAGE(bind_field, "expected the field to bind after `=`, found {found}");
SIGIL_ERROR_MESSAGE(binding_ref_name, "expected a binding name after `@`, found {found}");
// clang-format on

#undef SIGIL_ERROR_MESSAGE

}  // namespace sigil::dsl::syntax
