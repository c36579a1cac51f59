// dsl/diag: SourceFiles, Diagnostics and the two renderings.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

#include "dsl/diag/diagnostic.hpp"

using namespace sigil::dsl;

namespace {

SourceSpan at(std::uint32_t line, std::uint32_t column, std::uint32_t length = 1) {
  SourceSpan s;
  s.line = line;
  s.column = column;
  s.length = length;
  return s;
}

}  // namespace

TEST_CASE("diag: SourceFiles splits lines and strips CR") {
  SourceFiles files;
  const auto i = files.add("a.sigil", "one\r\ntwo\n\nlast");
  CHECK(files.line(i, 1) == "one");
  CHECK(files.line(i, 2) == "two");
  CHECK(files.line(i, 3) == "");
  CHECK(files.line(i, 4) == "last");
  CHECK(files.line(i, 5) == "");
  CHECK(files.line(i, 0) == "");
  CHECK(files.line(9, 1) == "");
  CHECK(files.at(i).line_starts.size() == 4);
}

TEST_CASE("diag: render_text follows the documented layout") {
  SourceFiles files;
  files.add("rules/x.sigil", std::string(11, '\n') + "  match prompt.risk_scor >= 0.8\n");
  Diagnostic d;
  d.code = "E-UNKNOWN-FIELD";
  d.message = "unknown field `prompt.risk_scor` for kind prompt";
  d.span = at(12, 9, 16);
  d.hints.push_back("did you mean `prompt.risk_score`?");
  d.related.push_back({at(3, 1), "kind set here"});
  CHECK(render_text(d, files) ==
        "rules/x.sigil:12:9: error[E-UNKNOWN-FIELD]: unknown field `prompt.risk_scor` for kind prompt\n"
        "   12 |   match prompt.risk_scor >= 0.8\n"
        "      |         ^~~~~~~~~~~~~~~~\n"
        "   = hint: did you mean `prompt.risk_score`?\n"
        "rules/x.sigil:3:1: note: kind set here\n");
}

TEST_CASE("diag: the caret stays aligned after tabs and multi-byte characters") {
  SourceFiles files;
  files.add("t", "\tcaf\xC3\xA9 x\n");
  Diagnostic d;
  d.code = "E-X";
  d.message = "m";
  d.span = at(1, 8, 1);  // the byte of `x`: tab(1) c a f é(2 bytes) space
  const std::string text = render_text(d, files);
  CHECK(text.find("    1 | \tcaf\xC3\xA9 x\n") != std::string::npos);
  CHECK(text.find("      | \t     ^\n") != std::string::npos);
}

TEST_CASE("diag: a span at the end of the line, a line without position, and unsafe bytes") {
  SourceFiles files;
  files.add("f", "ab\x01\n");
  Diagnostic end;
  end.code = "E-X";
  end.message = "m";
  end.span = at(1, 4, 1);
  CHECK(render_text(end, files) == "f:1:4: error[E-X]: m\n    1 | ab?\n      |    ^\n");
  Diagnostic whole;
  whole.code = "E-BINARY";
  whole.message = "binary";
  CHECK(render_text(whole, files) == "f: error[E-BINARY]: binary\n");
  whole.span.file = 7;  // not a file of this load: a command-line problem
  whole.severity = Severity::warning;
  CHECK(render_text(whole, files) == "warning[E-BINARY]: binary\n");
}

TEST_CASE("diag: render_json writes every field and valid UTF-8") {
  SourceFiles files;
  files.add("x.sigil", "title \"\xFF\"\n");
  Diagnostics diagnostics;
  Diagnostic& d = diagnostics.error("E-INVALID-UTF8", at(1, 8), "bad \"byte\"");
  d.hints.push_back("h");
  d.related.push_back({at(1, 1), "here"});
  const std::string json = render_json(diagnostics.all(), files);
  rapidjson::Document doc;
  REQUIRE_FALSE(doc.Parse(json.c_str()).HasParseError());
  REQUIRE(doc.IsArray());
  const auto& o = doc[0];
  CHECK(std::string(o["severity"].GetString()) == "error");
  CHECK(std::string(o["code"].GetString()) == "E-INVALID-UTF8");
  CHECK(std::string(o["message"].GetString()) == "bad \"byte\"");
  CHECK(std::string(o["file"].GetString()) == "x.sigil");
  CHECK(o["line"].GetUint() == 1);
  CHECK(o["column"].GetUint() == 8);
  CHECK(o["length"].GetUint() == 1);
  CHECK(std::string(o["source_line"].GetString()) == "title \"\xEF\xBF\xBD\"");
  CHECK(std::string(o["hints"][0].GetString()) == "h");
  CHECK(std::string(o["related"][0]["message"].GetString()) == "here");
  CHECK(o["related"][0]["column"].GetUint() == 1);
  CHECK(render_json({}, files) == "[]");
}

TEST_CASE("diag: Diagnostics counts, promotes and sorts") {
  Diagnostics diagnostics;
  diagnostics.warning("W-B", at(5, 1), "b");
  diagnostics.error("E-A", at(2, 3), "a");
  diagnostics.warning("W-C", at(2, 1), "c");
  CHECK(diagnostics.error_count() == 1);
  CHECK(diagnostics.warning_count() == 2);
  diagnostics.sort();
  CHECK(diagnostics.all()[0].code == "W-C");
  CHECK(diagnostics.all()[1].code == "E-A");
  CHECK(diagnostics.all()[2].code == "W-B");
  diagnostics.promote_warnings();
  CHECK(diagnostics.error_count() == 3);
  CHECK(diagnostics.has_errors());
}
