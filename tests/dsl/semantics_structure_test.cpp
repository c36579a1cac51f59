// Semantic matrix, rule-set structure: kind scoping, predicate sharing (hash-consed tests must
// not leak into each other), many rules on one field, and the per-event memo across events.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "dsl/semantics_support.hpp"

using namespace sigil::dsl::semantics;

TEST_CASE("kind scoping: `on prompt` never fires on another kind, even when the fields match") {
  Rules rules(one("p", "prompt", "user.id == \"u1\"") + one("pg", "prompt, guardrail", "user.id == \"u1\"") +
              one("absent", "prompt", "prompt.text not exists") +
              one("text", "prompt", "prompt.text contains \"x\""));
  CHECK(rules.fired(event("prompt")) == std::vector<std::string>{"p", "pg", "absent"});
  CHECK(rules.fired(event("guardrail")) == std::vector<std::string>{"pg"});
  CHECK(rules.fired(event("model_response")).empty());
  // A guardrail event carrying a prompt object: still not a prompt event.
  CHECK(rules.fired(event("guardrail", R"("prompt":{"text":"x"})")) == std::vector<std::string>{"pg"});
  CHECK(rules.fired(prompt_text("x")) == std::vector<std::string>{"p", "pg", "text"});
}

TEST_CASE("predicate sharing: the same test in two rules fires both") {
  Rules rules(one("a", "prompt", "prompt.text contains \"secret\"") + one("b", "prompt", "prompt.text contains \"secret\"") +
              rule("c", "prompt",
                   "  selection s { prompt.text contains \"secret\" }\n"
                   "  selection t { prompt.text contains \"secret\", user.id == \"u1\" }\n"
                   "  condition s and t"));
  CHECK(rules.fired(prompt_text("a SECRET")) == std::vector<std::string>{"a", "b", "c"});
  CHECK(rules.fired(prompt_text("a secretion")) == std::vector<std::string>{"a", "b", "c"});
  CHECK(rules.fired(prompt_text("a secre")).empty());
}

TEST_CASE("predicate sharing: near-identical tests stay distinct") {
  Rules rules(one("plain", "prompt", "prompt.text contains \"Abc\"") +
              one("cased", "prompt", "prompt.text contains cased \"Abc\"") +
              one("negated", "prompt", "prompt.text not contains \"Abc\"") +
              one("starts", "prompt", "prompt.text startswith \"Abc\"") +
              one("other_field", "prompt", "prompt.classification contains \"Abc\"") +
              one("all", "prompt", "prompt.text contains all [\"Abc\", \"def\"]") +
              one("any", "prompt", "prompt.text contains any [\"Abc\", \"def\"]") +
              one("b64", "prompt", "prompt.text contains base64 \"Abc\""));
  CHECK(rules.fired(prompt_text("xabc")) == std::vector<std::string>{"plain", "any"});
  CHECK(rules.fired(prompt_text("xAbc")) == std::vector<std::string>{"plain", "cased", "any"});
  CHECK(rules.fired(prompt_text("abc def")) == std::vector<std::string>{"plain", "starts", "all", "any"});
  CHECK(rules.fired(prompt_text("def")) == std::vector<std::string>{"negated", "any"});
  CHECK(rules.fired(prompt_text("QWJj")) == std::vector<std::string>{"negated", "b64"});
  CHECK(rules.fired(event("prompt", R"("prompt":{"classification":"ABC"})")) ==
        std::vector<std::string>{"negated", "other_field"});
}

TEST_CASE("overlapping patterns on one field: he, she, his, hers") {
  Rules rules(one("he", "prompt", "prompt.text contains \"he\"") + one("she", "prompt", "prompt.text contains \"she\"") +
              one("his", "prompt", "prompt.text contains \"his\"") + one("hers", "prompt", "prompt.text contains \"hers\"") +
              one("ushers", "prompt", "prompt.text == \"ushers\"") + one("ends_s", "prompt", "prompt.text endswith \"hers\""));
  CHECK(rules.fired(prompt_text("ushers")) == std::vector<std::string>{"he", "she", "hers", "ushers", "ends_s"});
  CHECK(rules.fired(prompt_text("this")) == std::vector<std::string>{"his"});
  CHECK(rules.fired(prompt_text("hershey")) == std::vector<std::string>{"he", "she", "hers"});
  CHECK(rules.fired(prompt_text("h e s")).empty());
}

TEST_CASE("many rules: 300 distinct contains patterns, each fires only on its own text") {
  constexpr int kRules = 300;
  std::string text;
  for (int i = 0; i < kRules; ++i)
    text += one(fmt::format("r{:03}", i), "prompt", fmt::format("prompt.text contains \"needle-{:03}-x\"", i));
  Rules rules(text);
  REQUIRE(rules.graph().rules.size() == kRules);
  std::string all;
  for (int i = 0; i < kRules; ++i) {
    CAPTURE(i);
    std::string needle = fmt::format("needle-{:03}-x", i);
    CHECK(rules.fired(prompt_text("before " + needle + " after")) == std::vector<std::string>{fmt::format("r{:03}", i)});
    all += needle + " ";
  }
  CHECK(rules.fired(prompt_text(all)).size() == kRules);
  CHECK(rules.fired(prompt_text("needle-300-x needle-00-x needle-0001-y")).empty());
}

TEST_CASE("the per-event memo: the same rules on alternating events give independent results") {
  Rules rules(one("a", "prompt", "prompt.text contains \"alpha\"") + one("b", "prompt", "prompt.text re \"be+ta\"") +
              one("n", "prompt", "prompt.risk_score > 0.5"));
  for (int round = 0; round < 3; ++round) {
    CHECK(rules.fired(event("prompt", R"("prompt":{"text":"alpha","risk_score":0.9})")) ==
          std::vector<std::string>{"a", "n"});
    CHECK(rules.fired(prompt_text("beeeta")) == std::vector<std::string>{"b"});
    CHECK(rules.fired(event("prompt")).empty());
  }
}
