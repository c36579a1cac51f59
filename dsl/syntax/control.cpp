// The parser's error messages that need more than a template from messages.hpp.

#include "dsl/syntax/control.hpp"

#include <fmt/format.h>

namespace sigil::dsl::syntax {
namespace {

bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

std::string_view word_at(const ParseState& st, std::size_t offset) {
  if (offset >= st.source.content.size()) return {};
  return std::string_view(st.source.content).substr(offset, st.token_length(offset));
}

SyntaxError syntax_error(const ParseState& st, std::size_t offset, std::string message) {
  SyntaxError error;
  error.code = "E-SYNTAX";
  error.offset = offset;
  error.length = st.token_length(offset);
  error.message = std::move(message);
  return error;
}

}  // namespace

std::string fill_message(const ParseState& st, const char* text, std::size_t offset) {
  const std::string block_opened = st.where(st.block_open);
  return fmt::format(fmt::runtime(text), fmt::arg("found", st.found(offset)),
                     fmt::arg("rule", st.rule.id.name), fmt::arg("opened", st.where(st.declaration_start)),
                     fmt::arg("keyword", st.keyword), fmt::arg("name", st.declaration_name),
                     fmt::arg("op", st.op_text), fmt::arg("block", st.block_owner),
                     fmt::arg("block_opened", block_opened),
                     fmt::arg("list_opened", st.where(st.list_open)),
                     fmt::arg("sequence_opened", st.where(st.sequence_open)),
                     fmt::arg("paren_opened", st.parens.empty() ? std::string("?") : st.where(st.parens.back())));
}

SyntaxError rule_close_error(const ParseState& st, std::size_t offset) {
  const std::string close = fmt::format("`}}` to close rule `{}` opened at {}", st.rule.id.name,
                                        st.where(st.declaration_start));
  const std::string_view text = st.source.content;
  if (offset < text.size() && is_word_start(text[offset]) && !st.at_declaration_line_start(offset)) {
    const std::string_view word = word_at(st, offset);
    SyntaxError error = syntax_error(st, offset, fmt::format("unknown statement `{}` in rule `{}`", word, st.rule.id.name));
    const std::string near = closest(word, statement_names);
    if (!near.empty()) error.hints.push_back(fmt::format("did you mean `{}`?", near));
    error.hints.push_back(
        "a rule holds title, description, author, severity, status, references, falsepositives, tags, "
        "atlas, on, fields, selection, filter, condition, output, window, aggregate, having, baseline, new, "
        "sequence and suppress statements, and `}` ends it");
    return error;
  }
  return syntax_error(st, offset, fmt::format("expected {}, found {}", close, st.found(offset)));
}

SyntaxError operation_error(const ParseState& st, std::size_t offset) {
  const std::string_view word = word_at(st, offset);
  SyntaxError error = syntax_error(
      st, offset,
      offset < st.source.content.size() && is_word_start(st.source.content[offset])
          ? fmt::format("unknown operator `{}` after `{}`; operators are: {}", word, st.condition.field.name, operator_list)
          : fmt::format("expected an operator after `{}`, found {}; operators are: {}", st.condition.field.name,
                        st.found(offset), operator_list));
  const std::string hint = operator_hint(word);
  if (!hint.empty()) error.hints.push_back(hint);
  return error;
}

SyntaxError unterminated_string_error(const ParseState& st, std::size_t offset) {
  SyntaxError error;
  error.code = "E-UNTERMINATED-STRING";
  error.offset = st.string_open;
  error.length = 1;
  error.message = offset >= st.source.content.size()
                      ? "this string is not closed: the file ends first"
                      : "this string is not closed before the end of the line";
  error.hints.push_back("close it with `\"`; a string stays on one line (write \\n for a line break)");
  return error;
}

SyntaxError reserved_word_error(const ParseState& st, std::size_t offset) {
  SyntaxError error;
  error.code = "E-NOT-YET-SUPPORTED";
  error.offset = offset;
  error.length = st.token_length(offset);
  error.message = fmt::format("`{}` comes with rule tests, which this version does not support yet",
                              word_at(st, offset));
  error.hints.push_back("the word is reserved; see \"Reserved words\" in docs/rule-language.md");
  return error;
}

SyntaxError misplaced_state_error(const ParseState& st, std::size_t offset) {
  const std::string_view word = word_at(st, offset);
  const bool in_rule = !st.rule.id.name.empty();
  const bool clause = word == "by" || word == "within" || word == "until" || word == "where" || word == "bind";
  SyntaxError error = syntax_error(
      st, offset,
      !in_rule ? fmt::format("`{}` is not a declaration: it belongs inside a rule", word)
      : clause || word == "baseline" ? fmt::format("`{}` cannot be used in a condition", word)
               : fmt::format("`{}` cannot be used in a condition: it starts a statement of its own", word));
  if (word == "baseline" && in_rule)
    error.hints.push_back("compare an aggregate with its history in `having`: `having n > 3 * baseline(n, 1d)`");
  else if (!in_rule && !clause)
    error.hints.push_back(fmt::format("write `{}` inside `rule NAME {{ ... }}`", word));
  else
    error.hints.push_back("the word is reserved by the per-session state statements; see docs/rule-language.md");
  return error;
}

SyntaxError stray_connective_error(const ParseState& st, std::size_t offset) {
  const std::string_view word = word_at(st, offset);
  SyntaxError error = syntax_error(
      st, offset, fmt::format("`{}` is not used inside the block of {}", word, st.block_owner));
  error.hints.push_back(word == "and"
                            ? "every line of a block must hold already: write one condition per line"
                            : "write alternatives as blocks joined by `or`: `{ a == 1 } or { b == 2 }`");
  return error;
}

}  // namespace sigil::dsl::syntax
