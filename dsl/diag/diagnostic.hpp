#pragma once
// The one diagnostic type of the rule language: parser, loader, checker and compiler all report
// through it, and `sigil check` / `sigil test` print it as text or JSON.
//
// Text form (render_text):
//   rules/x.sigil:12:7: error[E-UNKNOWN-FIELD]: unknown field `prompt.risk_scor` for kind prompt
//      12 |   match prompt.risk_scor >= 0.8
//         |         ^~~~~~~~~~~~~~~~
//      = hint: did you mean `prompt.risk_score`?
// Codes are stable (documented in docs/rule-language.md): tools and tests may depend on them.

#include <string>
#include <vector>

#include "dsl/diag/source_files.hpp"
#include "dsl/diag/source_span.hpp"

namespace sigil::dsl {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;     // "E-UNKNOWN-FIELD", "W-NO-ATLAS", ...
  std::string message;
  SourceSpan span;
  std::vector<std::string> hints;  // "did you mean `prompt.risk_score`?"
  struct Related {
    SourceSpan span;
    std::string message;           // "first defined here"
  };
  std::vector<Related> related;
};

// Collects diagnostics in the order they were reported. Not thread-safe.
class Diagnostics {
 public:
  Diagnostic& report(Severity severity, std::string code, SourceSpan span, std::string message);
  Diagnostic& error(std::string code, SourceSpan span, std::string message) {
    return report(Severity::error, std::move(code), span, std::move(message));
  }
  Diagnostic& warning(std::string code, SourceSpan span, std::string message) {
    return report(Severity::warning, std::move(code), span, std::move(message));
  }

  const std::vector<Diagnostic>& all() const { return items_; }
  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool has_errors() const { return error_count() != 0; }
  // Turns every warning into an error (`--strict`).
  void promote_warnings();
  // Sorts by file, line, column (stable), for output.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

std::string render_text(const Diagnostic& diagnostic, const SourceFiles& files);
// A JSON array of {severity, code, message, file, line, column, length, source_line, hints, related}.
std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceFiles& files);

}  // namespace sigil::dsl
