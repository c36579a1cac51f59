#include <algorithm>
#include <utility>

#include "dsl/diag/diagnostic.hpp"

namespace sigil::dsl {

Diagnostic& Diagnostics::report(Severity severity, std::string code, SourceSpan span,
                                std::string message) {
  Diagnostic& d = items_.emplace_back();
  d.severity = severity;
  d.code = std::move(code);
  d.span = span;
  d.message = std::move(message);
  return d;
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

void Diagnostics::promote_warnings() {
  for (Diagnostic& d : items_) {
    if (d.severity == Severity::warning) d.severity = Severity::error;
  }
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.line != b.span.line) return a.span.line < b.span.line;
    return a.span.column < b.span.column;
  });
}

}  // namespace sigil::dsl
