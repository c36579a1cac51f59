#include "dsl/compile/pattern_table.hpp"

#include <fmt/format.h>

namespace sigil::dsl {

PatternTable::Group& PatternTable::group(FieldId field) {
  auto [it, inserted] = group_of_field_.try_emplace(field, groups_.size());
  if (inserted) groups_.emplace_back(field, Group{});
  return groups_[it->second].second;
}

eval::PatternId PatternTable::literal(FieldId field, match::LiteralMode mode, bool cased,
                                      const std::vector<std::string>& texts) {
  std::string key = fmt::format("{}|{}|{}", field, static_cast<int>(mode), cased ? 1 : 0);
  for (const std::string& text : texts) fmt::format_to(std::back_inserter(key), "|{}:{}", text.size(), text);
  auto [it, inserted] = literal_ids_.try_emplace(std::move(key), next_id_);
  if (!inserted) return it->second;
  eval::PatternId id = next_id_++;
  constexpr const char* kModes[] = {"==", "contains", "startswith", "endswith"};
  descriptions_.push_back(fmt::format("{}{} \"{}\"{}", kModes[static_cast<int>(mode)], cased ? " cased" : "",
                                      texts.front(), texts.size() > 1 ? fmt::format(" (+{} forms)", texts.size() - 1) : ""));
  Group& g = group(field);
  for (const std::string& text : texts) g.literals.push_back({text, mode, cased, id});
  return id;
}

eval::PatternId PatternTable::regex(FieldId field, const std::string& pattern, bool cased) {
  std::string key = fmt::format("{}|{}|{}", field, cased ? 1 : 0, pattern);
  auto [it, inserted] = regex_ids_.try_emplace(std::move(key), next_id_);
  if (!inserted) return it->second;
  eval::PatternId id = next_id_++;
  descriptions_.push_back(fmt::format("re{} \"{}\"", cased ? " cased" : "", pattern));
  group(field).regexes.push_back({pattern, id, cased});
  return id;
}

void PatternTable::build(eval::RuleGraph& graph) {
  graph.matchers_of_field.assign(graph.plan->size(), eval::RuleGraph::kNone);
  for (auto& [field, g] : groups_) {
    eval::FieldMatchers m;
    m.field = field;
    m.literal_count = g.literals.size();
    m.regex_count = g.regexes.size();
    if (!g.literals.empty()) m.literals = std::make_unique<match::LiteralSet>(g.literals);
    if (!g.regexes.empty()) m.regexes = std::make_unique<match::RegexSet>(g.regexes);
    graph.matchers_of_field[field] = static_cast<std::uint32_t>(graph.matchers.size());
    graph.matchers.push_back(std::move(m));
  }
  graph.pattern_id_bound = next_id_;
  graph.pattern_descriptions = std::move(descriptions_);
}

}  // namespace sigil::dsl
