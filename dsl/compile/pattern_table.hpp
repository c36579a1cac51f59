#pragma once
// The string constants of all rules, grouped by field and interned: the same constant with the
// same mode on the same field is one PatternId, whichever rules use it. At the end, each field's
// group becomes one literal set and one regex set (build()).
//
// Not thread-safe; used only while compiling.

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/eval/rule_graph.hpp"
#include "engine/match/literal.hpp"
#include "engine/match/regex_set.hpp"

namespace sigil::dsl {

class PatternTable {
 public:
  // One literal; `variants` (if any) are alternative texts that report the same id (the three
  // base64offset encodings of one constant).
  eval::PatternId literal(FieldId field, match::LiteralMode mode, bool cased, const std::vector<std::string>& texts);
  eval::PatternId regex(FieldId field, const std::string& pattern, bool cased);

  std::size_t literal_count() const { return literal_ids_.size(); }
  std::size_t regex_count() const { return regex_ids_.size(); }

  // Builds the matchers of every field into `graph` (matchers, matchers_of_field,
  // pattern_id_bound). Throws std::runtime_error from RE2 when a regex set is too large.
  void build(eval::RuleGraph& graph);

 private:
  struct Group {
    std::vector<match::LiteralPattern> literals;
    std::vector<match::RegexPattern> regexes;
  };
  Group& group(FieldId field);

  std::unordered_map<std::string, eval::PatternId> literal_ids_;  // canonical key -> id
  std::unordered_map<std::string, eval::PatternId> regex_ids_;
  std::unordered_map<FieldId, std::size_t> group_of_field_;
  std::vector<std::pair<FieldId, Group>> groups_;                 // in first-use order
  std::vector<std::string> descriptions_;                         // PatternId -> text, for `sigil plan`
  eval::PatternId next_id_ = 0;
};

}  // namespace sigil::dsl
