// Fuzz target: rule-file text -> parse_file -> check_files -> (no errors) compile_rules, and every
// diagnostic rendered as text and as JSON (the JSON must parse back).
//
// Built twice (tests/fuzz/CMakeLists.txt):
//   fuzz_rules          libFuzzer's byte mutations; seeds: small declarations (corpus/rules)
//   fuzz_rules_grammar  SIGIL_FUZZ_GRAMMAR: a custom mutator that edits rule files token by
//                       token and line by line (grammar_mutator.hpp); seeds: the shipped
//                       rule files (corpus/rules_grammar, refreshed from rules/ by tools/fuzz)
// Properties: no crash, no sanitizer report, no exception escapes, the JSON rendering of the
// diagnostics is valid JSON, and a rule set that checks without errors compiles or says why.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dsl/check/load_rules.hpp"
#include "dsl/compile/compile_rules.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "dsl/syntax/parser.hpp"
#include "fuzz_support.hpp"

#ifdef SIGIL_FUZZ_GRAMMAR
#include "grammar_mutator.hpp"
#endif

using namespace sigil;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dsl::SourceFiles sources;
  const std::uint32_t index = sources.add("<fuzz>", std::string(reinterpret_cast<const char*>(data), size));
  dsl::Diagnostics diagnostics;
  std::vector<dsl::syntax::File> files;
  files.push_back(dsl::syntax::parse_file(sources, index, diagnostics));
  dsl::check::CheckedFiles checked = dsl::check::check_files(files, sources, diagnostics);

  diagnostics.sort();
  for (const dsl::Diagnostic& d : diagnostics.all()) (void)dsl::render_text(d, sources);
  const std::string json = dsl::render_json(diagnostics.all(), sources);
  rapidjson::Document doc;
  // Lenient (fuzz_support.hpp): the JSON syntax only (regress-render-json-utf8-* seeds).
  const bool bad = sigil_fuzz::lenient_utf8() ? doc.Parse(json.c_str(), json.size()).HasParseError()
                           : doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size()).HasParseError();
  if (bad || !doc.IsArray() || doc.Size() != diagnostics.all().size()) {
    const std::size_t at = doc.GetErrorOffset();
    sigil_fuzz::fail("render_json produced invalid JSON (strict UTF-8) or lost diagnostics",
                     std::string_view(json).substr(at > 80 ? at - 80 : 0, 160));
  }

  if (!diagnostics.has_errors() && !checked.rules.empty()) {
    dsl::check::RuleSet set;
    set.rules = std::move(checked.rules);
    set.settings = std::move(checked.settings);
    set.files = std::move(sources);
    dsl::Diagnostics compile_diagnostics;
    auto graph = dsl::compile_rules(set, compile_diagnostics);
    if (!graph && !compile_diagnostics.has_errors()) {
      std::fprintf(stderr, "compile_rules returned no graph and no error\n");
      std::abort();
    }
  }
  return 0;
}
