// parse_file: checks that the file is UTF-8 text, then reads it one declaration at a time with
// the PEGTL grammar. A SyntaxError ends the declaration; the parser reports it and resumes at
// the next line that starts with a top-level keyword (rule, list, macro, exception, set).

#include "dsl/syntax/parser.hpp"

#include <fmt/format.h>

#include <cstring>
#include <string_view>

#include <tao/pegtl.hpp>

#include "dsl/syntax/actions.hpp"
#include "dsl/syntax/actions_state.hpp"
#include "dsl/syntax/control.hpp"
#include "dsl/syntax/grammar.hpp"
#include "dsl/syntax/parse_state.hpp"
#include "dsl/syntax/utf8.hpp"

namespace sigil::dsl::syntax {
namespace {

void report(ParseState& st, const SyntaxError& error) {
  Diagnostic& d = st.diagnostics.error(error.code, st.span(error.offset, error.length), error.message);
  d.hints = error.hints;
  for (const auto& [offset, message] : error.related) d.related.push_back({st.span(offset, 1), message});
}

// Where to go on after an error at `error_offset` in the declaration that began at `start`:
// the first line, from the error's line on but after the declaration's first byte, that starts
// with a top-level keyword; the end of the file if there is none.
std::size_t resume_offset(const ParseState& st, std::size_t start, std::size_t error_offset) {
  const std::string_view text = st.source.content;
  std::size_t line = error_offset;
  while (line > 0 && text[line - 1] != '\n') --line;
  std::size_t at = std::max(line, start + 1);
  while (at < text.size()) {
    if (at == 0 || text[at - 1] == '\n') {
      if (st.at_declaration_line_start(at)) return at;
    }
    const void* newline = std::memchr(text.data() + at, '\n', text.size() - at);
    if (newline == nullptr) break;
    at = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
  }
  return text.size();
}

// E-FILE-TOO-LARGE, E-BINARY, E-INVALID-UTF8: one diagnostic, and nothing else is read.
bool acceptable_text(ParseState& st) {
  const std::string& text = st.source.content;
  SourceSpan whole;
  whole.file = st.file_index;
  if (text.size() > st.limits.max_file_bytes) {
    st.diagnostics.error("E-FILE-TOO-LARGE", whole,
                         fmt::format("the file has {} bytes; a rule file may have at most {}",
                                     text.size(), st.limits.max_file_bytes));
    return false;
  }
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    st.diagnostics.error("E-BINARY", whole,
                         fmt::format("the file contains a NUL byte (at byte {}): it looks like a "
                                     "binary file, not rule text", offset));
    return false;
  }
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    st.diagnostics.error("E-INVALID-UTF8", st.span(bad, 1),
                         fmt::format("the file is not valid UTF-8: byte 0x{:02X} cannot start or "
                                     "continue a character here", static_cast<unsigned char>(text[bad])));
    return false;
  }
  return true;
}

}  // namespace

File parse_file(const SourceFiles& files, std::uint32_t index, Diagnostics& diagnostics,
                const ParseLimits& limits) {
  ParseState st(files, index, diagnostics, limits);
  if (!acceptable_text(st)) return std::move(st.file);

  const std::string& text = st.source.content;
  std::size_t offset = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // skip a byte-order mark
  while (offset < text.size()) {
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data() + offset, text.data() + text.size(),
                                                                 st.source.name);
    st.declaration_start = offset;
    try {
      tao::pegtl::parse<grammar::next_declaration, action, control>(in, st);
      offset = st.offset(in.current());
    } catch (const SyntaxError& error) {
      report(st, error);
      offset = resume_offset(st, st.declaration_start, error.offset);
    }
  }
  return std::move(st.file);
}

}  // namespace sigil::dsl::syntax
