#include "dsl/check/collector.hpp"

#include <fmt/format.h>

#include "dsl/check/closest_name.hpp"
#include "dsl/check/glob.hpp"
#include "dsl/check/vocabulary.hpp"
#include "engine/match/time_zone.hpp"

#include <variant>

namespace sigil::dsl::check {
namespace {

// Lists and macros share their override rules; only the codes, the nouns and the merge differ.
template <typename Entry, typename Decl, typename Merge, typename Make>
void apply_override(std::map<std::string, Entry, std::less<>>& entries, const Decl& decl, std::string_view noun,
                    std::string_view code_suffix, Merge merge, Make make, Diagnostics& diagnostics) {
  auto it = entries.find(decl.name.name);
  if (decl.mode == syntax::OverrideMode::define) {
    if (it == entries.end()) {
      entries.emplace(decl.name.name, make(decl));
      return;
    }
    auto& d = diagnostics.error(fmt::format("E-DUPLICATE-{}", code_suffix), decl.name.span,
                                fmt::format("{} `{}` is already defined", noun, decl.name.name));
    d.related.push_back({it->second.defined_at, "first defined here"});
    d.hints.push_back(fmt::format("use `{} {} append ...` to extend it or `{} {} replace ...` to override it", noun,
                                  decl.name.name, noun, decl.name.name));
    return;
  }
  if (it == entries.end()) {
    auto& d = diagnostics.error(fmt::format("E-UNDEFINED-{}", code_suffix), decl.name.span,
                                fmt::format("{} `{}` is not defined before this {}", noun, decl.name.name,
                                            decl.mode == syntax::OverrideMode::append ? "append" : "replace"));
    d.hints.push_back(fmt::format("define it first with `{} {} = ...` (files load in command-line order)", noun,
                                  decl.name.name));
    return;
  }
  merge(it->second, decl);
}

void collect_list(Collection& out, const syntax::ListDecl& decl, Diagnostics& diagnostics) {
  apply_override(
      out.lists, decl, "list", "LIST",
      [](CollectedList& list, const syntax::ListDecl& d) {
        if (d.mode == syntax::OverrideMode::replace) list.items.clear();
        list.items.insert(list.items.end(), d.items.begin(), d.items.end());
      },
      [](const syntax::ListDecl& d) { return CollectedList{d.items, d.name.span}; }, diagnostics);
}

void collect_macro(Collection& out, const syntax::MacroDecl& decl, Diagnostics& diagnostics) {
  apply_override(
      out.macros, decl, "macro", "MACRO",
      [](CollectedMacro& macro, const syntax::MacroDecl& d) {
        if (d.mode == syntax::OverrideMode::replace) {
          macro.body = d.body;
          return;
        }
        syntax::Expr either;
        either.kind = syntax::Expr::Kind::or_;
        either.span = d.body.span;
        either.children = {std::move(macro.body), d.body};
        macro.body = std::move(either);
      },
      [](const syntax::MacroDecl& d) { return CollectedMacro{d.body, d.name.span}; }, diagnostics);
}

void collect_setting(Collection& out, const syntax::SettingDecl& decl, Diagnostics& diagnostics) {
  if (decl.key.name != "timezone") {
    auto& d = diagnostics.error("E-UNKNOWN-SETTING", decl.key.span, fmt::format("unknown setting `{}`", decl.key.name));
    if (auto near = closest_name(decl.key.name, kSettingKeys)) d.hints.push_back(fmt::format("did you mean `{}`?", *near));
    else d.hints.push_back("the only setting is `timezone`");
    return;
  }
  std::string problem = "the time zone must be a string";
  if (decl.value.kind == syntax::ValueExpr::Kind::string) {
    auto zone = match::TimeZone::load(decl.value.text);
    if (std::holds_alternative<match::TimeZone>(zone)) {
      out.settings.timezone = decl.value.text;
      return;
    }
    problem = fmt::format("invalid time zone \"{}\": {}", decl.value.text, std::get<std::string>(zone));
  }
  diagnostics.error("E-BAD-TIMEZONE", decl.value.span, problem)
      .hints.push_back("use an IANA name such as \"Europe/Paris\", \"UTC\", or a fixed offset such as \"+02:00\"");
}

void collect_rules(Collection& out, const std::vector<syntax::File>& files, Diagnostics& diagnostics) {
  std::map<std::string_view, const syntax::Rule*> by_id;
  for (const syntax::File& file : files)
    for (const syntax::Rule& rule : file.rules) {
      auto [it, inserted] = by_id.emplace(rule.id.name, &rule);
      if (inserted) {
        out.rules.push_back({&rule, {}});
        continue;
      }
      auto& d = diagnostics.error("E-DUPLICATE-RULE", rule.id.span,
                                  fmt::format("rule id `{}` is already used", rule.id.name));
      d.related.push_back({it->second->id.span, "first defined here"});
      d.hints.push_back("rule ids must be unique across all loaded files; rename one of them");
    }
}

void attach_exceptions(Collection& out, const std::vector<syntax::File>& files, Diagnostics& diagnostics) {
  for (const syntax::File& file : files)
    for (const syntax::ExceptionDecl& exception : file.exceptions) {
      bool matched = false;
      for (CollectedRule& rule : out.rules)
        if (glob_match(exception.rule_pattern.name, rule.rule->id.name)) {
          rule.exceptions.push_back(&exception);
          matched = true;
        }
      if (!matched)
        diagnostics.warning("W-UNUSED-EXCEPTION", exception.rule_pattern.span,
                            fmt::format("exception pattern `{}` matches no rule", exception.rule_pattern.name));
    }
}

}  // namespace

Collection collect(const std::vector<syntax::File>& files, Diagnostics& diagnostics) {
  Collection out;
  for (const syntax::File& file : files) {
    for (const syntax::ListDecl& list : file.lists) collect_list(out, list, diagnostics);
    for (const syntax::MacroDecl& macro : file.macros) collect_macro(out, macro, diagnostics);
    for (const syntax::SettingDecl& setting : file.settings) collect_setting(out, setting, diagnostics);
  }
  collect_rules(out, files, diagnostics);
  attach_exceptions(out, files, diagnostics);
  return out;
}

}  // namespace sigil::dsl::check
