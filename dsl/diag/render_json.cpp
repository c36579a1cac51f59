// render_json: the machine form of diagnostics, for `sigil check --format json` and editors.
// Strings are made valid UTF-8 (invalid bytes become U+FFFD) so the output always parses.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl {
namespace {

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    // RFC 3629: lead bytes C2..F4 only (no overlong C0/C1, nothing above U+10FFFF), and the second
    // byte's range excludes overlong E0/F0 forms, surrogates (ED A0..BF) and F4 90..BF.
    std::size_t n = b < 0x80 ? 1 : (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3
                  : (b >= 0xF0 && b <= 0xF4) ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (byte(i + k) & 0xC0) == 0x80;
    if (ok && n >= 3) {
      const unsigned char b1 = byte(i + 1);
      if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F))
        ok = false;
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, std::string_view s) {
  const std::string clean = valid_utf8(s);
  w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

void write_position(Writer& w, const SourceSpan& span, const SourceFiles& files) {
  w.Key("file");
  if (span.file < files.size()) {
    write_string(w, files.at(span.file).name);
  } else {
    w.Null();
  }
  w.Key("line");
  w.Uint(span.line);
  w.Key("column");
  w.Uint(span.column);
  w.Key("length");
  w.Uint(span.length);
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

}  // namespace

std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceFiles& files) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const Diagnostic& d : diagnostics) {
    w.StartObject();
    w.Key("severity");
    w.String(severity_name(d.severity));
    w.Key("code");
    write_string(w, d.code);
    w.Key("message");
    write_string(w, d.message);
    write_position(w, d.span, files);
    w.Key("source_line");
    write_string(w, d.span.line == 0 ? std::string_view{} : files.line(d.span.file, d.span.line));
    w.Key("hints");
    w.StartArray();
    for (const std::string& hint : d.hints) write_string(w, hint);
    w.EndArray();
    w.Key("related");
    w.StartArray();
    for (const Diagnostic::Related& r : d.related) {
      w.StartObject();
      write_position(w, r.span, files);
      w.Key("message");
      write_string(w, r.message);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace sigil::dsl
