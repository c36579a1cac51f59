#include "dsl/syntax/parse_state.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sigil::dsl::syntax {
namespace {

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where the parser resumes after an error: a line starting with one of these words. The
// reserved words are included so that a top-level `test` or `sequence` is reported too.
constexpr std::string_view top_keywords[] = {"rule",   "list",     "macro",    "exception", "set",
                                             "window", "sequence", "suppress", "test",      "expect"};

}  // namespace

ParseState::ParseState(const SourceFiles& files, std::uint32_t index, Diagnostics& diags,
                       const ParseLimits& parse_limits)
    : source(files.at(index)), file_index(index), diagnostics(diags), limits(parse_limits) {
  file.file = index;
}

SourceSpan ParseState::span(std::size_t at, std::size_t length) const {
  const auto& starts = source.line_starts;
  const auto it = std::upper_bound(starts.begin(), starts.end(), static_cast<std::uint32_t>(at));
  const std::size_t line = static_cast<std::size_t>(it - starts.begin());  // 1-based
  SourceSpan s;
  s.file = file_index;
  s.line = static_cast<std::uint32_t>(line);
  s.column = static_cast<std::uint32_t>(at - starts[line - 1] + 1);
  s.length = static_cast<std::uint32_t>(std::max<std::size_t>(length, 1));
  return s;
}

std::string ParseState::where(std::size_t at) const {
  const SourceSpan s = span(at, 1);
  return fmt::format("{}:{}", s.line, s.column);
}

std::size_t ParseState::token_length(std::size_t at) const {
  const std::string& text = source.content;
  if (at >= text.size()) return 1;
  std::size_t end = at;
  while (end < text.size() && is_ident_char(text[end])) ++end;
  if (end > at) return end - at;
  // One character, whole if it is a multi-byte UTF-8 sequence.
  end = at + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return end - at;
}

std::string ParseState::found(std::size_t at) const {
  const std::string& text = source.content;
  if (at >= text.size()) return "the end of the file";
  if (text[at] == '\n' || text[at] == '\r') return "the end of the line";
  if (text[at] == '"') return "a string";
  return fmt::format("`{}`", std::string_view(text).substr(at, token_length(at)));
}

bool ParseState::at_declaration_line_start(std::size_t at) const {
  const std::string_view text = source.content;
  if (at != 0 && (at > text.size() || text[at - 1] != '\n')) return false;
  for (std::string_view keyword : top_keywords) {
    if (text.substr(at, keyword.size()) == keyword &&
        (at + keyword.size() == text.size() || !is_ident_char(text[at + keyword.size()]))) {
      return true;
    }
  }
  return false;
}

void ParseState::begin_declaration(std::size_t at) {
  declaration_start = at;
  rule = Rule{};
  metadata_seen.clear();
  skip_metadata = false;
  alternatives.clear();
  block.clear();
  values.clear();
  exprs.clear();
  frames.clear();
  parens.clear();
  depth = 0;
  keys.clear();
  ariths.clear();
  arith_marks.clear();
  havings.clear();
  having_frames.clear();
  step = StepDecl{};
  sequence = SequenceStmt{};
}

void ParseState::begin_metadata(std::string_view keyword, SourceSpan at) {
  const auto seen = metadata_seen.find(keyword);
  skip_metadata = seen != metadata_seen.end();
  if (!skip_metadata) {
    metadata_seen.emplace(std::string(keyword), at);
    return;
  }
  Diagnostic& d = diagnostics.error(
      "E-DUPLICATE-METADATA", at,
      fmt::format("`{}` is given twice in rule `{}`; each may appear once", keyword, rule.id.name));
  d.related.push_back({seen->second, fmt::format("first `{}` here", keyword)});
}

void ParseState::enter_nesting(std::size_t at) {
  if (++depth <= limits.max_nesting) return;
  SyntaxError error;
  error.code = "E-TOO-DEEP";
  error.offset = at;
  error.length = 1;
  error.message = fmt::format(
      "the condition nests deeper than {} levels of parentheses and `not`", limits.max_nesting);
  error.hints.push_back("split it into named selections or macros");
  throw error;
}

}  // namespace sigil::dsl::syntax
