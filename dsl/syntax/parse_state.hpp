#pragma once
// What the parser carries while it reads one declaration: the tree under construction, the
// context that error messages name ("rule `x` opened at 3:1"), and the nesting depth.
// Internal to dsl/syntax: actions.hpp fills it, control.hpp and parser.cpp read it.
//
// Positions are byte offsets into the file's content until a diagnostic or a tree node needs a
// SourceSpan; span() converts with a binary search over the file's line starts.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diag/diagnostic.hpp"
#include "dsl/diag/source_files.hpp"
#include "dsl/syntax/ast.hpp"
#include "dsl/syntax/parser.hpp"

namespace sigil::dsl::syntax {

// Thrown out of the PEGTL parse when a declaration cannot be read; parser.cpp reports it and
// skips to the next declaration. Carries offsets, not spans, so throwing stays cheap.
struct SyntaxError {
  std::string code;
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string message;
  std::vector<std::string> hints;
  std::vector<std::pair<std::size_t, std::string>> related;  // offset, message
};

struct ParseState {
  ParseState(const SourceFiles& files, std::uint32_t index, Diagnostics& diagnostics,
             const ParseLimits& limits);

  // ---- positions
  const SourceFiles::File& source;
  std::uint32_t file_index;
  Diagnostics& diagnostics;
  ParseLimits limits;
  const char* base() const { return source.content.data(); }
  std::size_t offset(const char* p) const { return static_cast<std::size_t>(p - base()); }
  SourceSpan span(std::size_t offset, std::size_t length) const;
  SourceSpan span(const char* begin, std::size_t length) const { return span(offset(begin), length); }
  std::string where(std::size_t offset) const;  // "3:7"
  // The token at `offset` as a message shows it: "`equals`", "`{`", "the end of the file".
  std::string found(std::size_t offset) const;
  std::size_t token_length(std::size_t offset) const;
  bool at_declaration_line_start(std::size_t offset) const;

  // ---- the output
  File file;

  // ---- the declaration being read (reset by begin_declaration)
  std::size_t declaration_start = 0;
  Rule rule;
  std::map<std::string, SourceSpan, std::less<>> metadata_seen;  // keyword -> first use
  bool skip_metadata = false;  // the current statement repeats one: its value is dropped
  Selection selection;
  ExceptionDecl exception;
  ListDecl list;
  MacroDecl macro;
  SettingDecl setting;
  OverrideMode mode = OverrideMode::define;
  std::string keyword;                          // the statement keyword just read, for messages
  std::string declaration_name;                 // list or macro name, for messages
  std::string field_ref_path;                   // inside `field(...)`
  Ident of_target;                              // `them` or the glob after `of`
  std::vector<std::vector<FieldCondition>> alternatives;
  std::vector<FieldCondition> block;
  std::string block_owner;                      // "selection `phrase`"
  std::size_t block_open = 0;
  FieldCondition condition;
  std::size_t condition_start = 0;
  std::string op_text;                          // the operator just read, for messages
  std::vector<ValueExpr> values;                // scalars and lists just read
  std::size_t list_mark = 0;
  std::size_t list_open = 0;
  StringLit string;                             // the last string literal read
  std::size_t string_open = 0;
  std::vector<Expr> exprs;                      // operands awaiting their operator
  struct Frame {
    std::size_t mark, start;
  };
  std::vector<Frame> frames;                    // one per and/or chain being read
  std::vector<std::size_t> parens;              // offsets of open parentheses
  std::size_t last_not = 0;                     // offset of the last `not` read
  std::size_t depth = 0;                        // parentheses and `not`, bounded

  // ---- per-session state statements (actions_state.hpp)
  DurationLit duration;                         // the last duration read
  std::vector<Ident> keys;                      // `by` keys just read
  bool tumbling = false;                        // `window tumbling`
  AggregateDef aggregate;
  std::vector<ArithExpr> ariths;                // arithmetic operands awaiting their operator
  std::vector<std::size_t> arith_marks;         // ariths.size() where a soft alternative began
  std::vector<HavingExpr> havings;              // comparisons awaiting and/or/not
  std::vector<Frame> having_frames;             // one per having and/or chain being read
  Op having_op = Op::gt;
  SourceSpan having_op_span;
  ArithExpr::Kind history_kind = ArithExpr::Kind::baseline;
  Ident history_name;
  StepDecl step;                                // the step (or `until`) being read
  SequenceStmt sequence;
  std::size_t sequence_open = 0;

  void begin_declaration(std::size_t offset);
  void begin_metadata(std::string_view keyword, SourceSpan span);
  void enter_nesting(std::size_t offset);
  void leave_nesting() { if (depth > 0) --depth; }
};

}  // namespace sigil::dsl::syntax
