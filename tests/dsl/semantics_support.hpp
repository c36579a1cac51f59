#pragma once
// Test support for the semantic matrix (tests/dsl/semantics_*_test.cpp): rule text through the
// real pipeline (parse -> check -> compile) and events through the real normalizer and evaluator.
// There is deliberately no second evaluator here: every expectation is a rule firing or not on an
// event written out as JSON.
//
//   Rules rules(rule("r", "prompt", "selection s { prompt.text contains \"x\" }"));
//   CHECK(rules.fires("r", event("prompt", R"("prompt":{"text":"a x b"})")));
//
// A Rules REQUIREs that the text checks without errors and compiles, and that every event
// normalizes (a rejected event is a broken test, not a non-match).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dsl/check/checked_rule.hpp"
#include "dsl/diag/diagnostic.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/eval/rule_graph.hpp"
#include "engine/event/event.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/ingest/raw_batch.hpp"

namespace sigil::dsl::semantics {

using NamedText = std::pair<std::string, std::string>;  // file name, rule text

class Rules {
 public:
  // One file named "<test>".
  explicit Rules(const std::string& text);
  // Several files, loaded in this order (list/macro append and replace across files).
  explicit Rules(const std::vector<NamedText>& files);
  ~Rules();

  // Whether rule `rule_id` fires on the event (REQUIREs that the rule exists and the event normalizes).
  bool fires(std::string_view rule_id, const std::string& event_json);
  // The ids of every rule that fires, in rule order.
  std::vector<std::string> fired(const std::string& event_json);

  const eval::RuleGraph& graph() const { return *graph_; }
  const check::RuleSet& checked() const { return set_; }
  // Warnings of the load, rendered (errors fail the construction).
  std::string warnings() const;

 private:
  const Event& normalize(const std::string& event_json);

  check::RuleSet set_;
  Diagnostics diagnostics_;
  std::unique_ptr<eval::RuleGraph> graph_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<eval::Evaluator> evaluator_;
  RawBatch batch_;
  std::string scratch_;
  Event event_;
  Rejection rejection_;
};

// A rule with the metadata every rule needs (title, severity, atlas) around `body`:
// `kinds` is the `on` line ("prompt" or "prompt, guardrail").
std::string rule(const std::string& id, const std::string& kinds, const std::string& body);

// A rule whose only selection `s` is the one field condition `test`.
std::string one(const std::string& id, const std::string& kinds, const std::string& test);

// A complete valid event of `kind` as compact JSON. `fields` are extra members, written as the
// inside of a JSON object (`"prompt":{"text":"x"}` or flat `"prompt.text":"x"`), or empty.
// Filled unless `fields` gives them: time (2026-11-25T10:00:00Z, a Wednesday), session.id "s1",
// user.id "u1", and the kind's required fields (token_usage: input/output tokens 1; api_call:
// server.address "api.example").
std::string event(std::string_view kind, const std::string& fields = "");
// The same, at an explicit RFC 3339 time.
std::string event_at(std::string_view kind, const std::string& time, const std::string& fields = "");

// A JSON string literal (quotes and escapes) for `text`.
std::string json_string(std::string_view text);
// A prompt event whose prompt.text is `text`.
std::string prompt_text(const std::string& text);

// Standard base64 (RFC 4648) with padding, written here independently of engine/match/base64 so
// that tests do not use the code under test to make their inputs.
std::string base64_encode(std::string_view bytes);

}  // namespace sigil::dsl::semantics
