// render_text: the human form of a diagnostic (format in diagnostic.hpp).
//
// The quoted source line is made safe for a terminal: control bytes and bytes that are not valid
// UTF-8 print as '?'. The caret line copies tabs from the source so it stays aligned, and counts
// one column per character, not per byte, so a caret after "é" is not shifted.

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl {
namespace {

// One character of the quoted line: where it starts (byte offset) and how it prints.
struct Glyph {
  std::size_t offset;
  std::string_view text;  // the bytes to print, or "?" / "\t"
};

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

std::vector<Glyph> glyphs_of(std::string_view line) {
  std::vector<Glyph> glyphs;
  for (std::size_t i = 0; i < line.size();) {
    const unsigned char b = static_cast<unsigned char>(line[i]);
    std::size_t n = utf8_sequence_length(line, i);
    if (b == '\t') {
      glyphs.push_back({i, "\t"});
      n = 1;
    } else if (n == 0 || b < 0x20 || b == 0x7F) {
      glyphs.push_back({i, "?"});
      n = 1;
    } else {
      glyphs.push_back({i, line.substr(i, n)});
    }
    i += n;
  }
  return glyphs;
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

std::string location(const SourceSpan& span, const SourceFiles& files) {
  std::string out;
  if (span.file < files.size()) out = files.at(span.file).name;
  if (span.line != 0) out += fmt::format(":{}:{}", span.line, span.column);
  return out;
}

void append_excerpt(std::string& out, const SourceSpan& span, const SourceFiles& files) {
  if (span.line == 0 || span.file >= files.size()) return;
  const std::string_view line = files.line(span.file, span.line);
  const std::vector<Glyph> glyphs = glyphs_of(line);
  const std::string number = std::to_string(span.line);
  const std::size_t width = std::max<std::size_t>(5, number.size());

  std::string quoted, caret;
  const std::size_t first = span.column == 0 ? 0 : span.column - 1;
  const std::size_t last = first + std::max<std::uint32_t>(span.length, 1);
  std::size_t underlined = 0;
  for (const Glyph& g : glyphs) {
    quoted += g.text;
    if (g.offset < first) {
      caret += g.text == "\t" ? '\t' : ' ';
    } else if (g.offset < last) {
      caret += underlined++ == 0 ? '^' : '~';
    }
  }
  if (underlined == 0) caret += '^';  // the span starts at the end of the line (or of the file)

  out += fmt::format("{:>{}} | {}\n", number, width, quoted);
  out += fmt::format("{:>{}} | {}\n", "", width, caret);
}

}  // namespace

std::string render_text(const Diagnostic& diagnostic, const SourceFiles& files) {
  std::string out;
  const std::string where = location(diagnostic.span, files);
  if (!where.empty()) out += where + ": ";
  out += severity_name(diagnostic.severity);
  if (!diagnostic.code.empty()) out += fmt::format("[{}]", diagnostic.code);
  out += fmt::format(": {}\n", diagnostic.message);
  append_excerpt(out, diagnostic.span, files);
  for (const std::string& hint : diagnostic.hints) out += fmt::format("   = hint: {}\n", hint);
  for (const Diagnostic::Related& related : diagnostic.related) {
    const std::string at = location(related.span, files);
    out += fmt::format("{}{}note: {}\n", at, at.empty() ? "" : ": ", related.message);
  }
  return out;
}

}  // namespace sigil::dsl
