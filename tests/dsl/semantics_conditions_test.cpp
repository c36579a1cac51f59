// Semantic matrix, conditions: blocks (AND of lines, OR of blocks), and/or/not precedence,
// parentheses, `1 of` / `all of` globs and `them`, filters, macros and lists across files,
// exceptions.
#include <doctest/doctest.h>

#include "dsl/semantics_support.hpp"

using namespace sigil::dsl::semantics;

namespace {

// Three independent selections a, b, c: prompt.text contains "A1", "B2", "C3".
std::string abc_rule(const std::string& id, const std::string& condition) {
  return rule(id, "prompt",
              "  selection a { prompt.text contains \"A1\" }\n"
              "  selection b { prompt.text contains \"B2\" }\n"
              "  selection c { prompt.text contains \"C3\" }\n"
              "  condition " + condition);
}

// An event whose text makes exactly the chosen selections of abc_rule hold.
std::string abc_event(bool a, bool b, bool c) {
  return prompt_text(std::string("x ") + (a ? "A1 " : "") + (b ? "B2 " : "") + (c ? "C3 " : ""));
}

}  // namespace

TEST_CASE("a block is the AND of its lines; blocks joined by `or` are alternatives") {
  Rules rules(rule("r", "prompt",
                   "  selection s {\n    prompt.risk_score >= 0.8\n    prompt.classification == \"prompt_injection\"\n  }"
                   " or { prompt.text contains \"override\", prompt.source == \"user\" }"));
  CHECK(rules.fires("r", event("prompt", R"("prompt":{"risk_score":0.9,"classification":"prompt_injection"})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt":{"risk_score":0.5,"classification":"prompt_injection"})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt":{"risk_score":0.9,"classification":"benign"})")));
  CHECK(rules.fires("r", event("prompt", R"("prompt":{"text":"override now","source":"user"})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt":{"text":"override now","source":"tool_output"})")));
}

TEST_CASE("and binds tighter than or; not tighter than and; parentheses regroup") {
  Rules rules(abc_rule("or_and", "a or b and c") + abc_rule("paren", "(a or b) and c") +
              abc_rule("not_and", "not a and b") + abc_rule("not_paren", "not (a and b)") +
              abc_rule("and_or", "a and b or c") + abc_rule("a_and_paren", "a and (b or c)") +
              abc_rule("not_not", "not not a") + abc_rule("and3", "a and b and c") + abc_rule("or3", "a or b or c"));
  for (int bits = 0; bits < 8; ++bits) {
    bool a = bits & 1, b = bits & 2, c = bits & 4;
    CAPTURE(a);
    CAPTURE(b);
    CAPTURE(c);
    std::string e = abc_event(a, b, c);
    CHECK(rules.fires("or_and", e) == (a || (b && c)));
    CHECK(rules.fires("paren", e) == ((a || b) && c));
    CHECK(rules.fires("not_and", e) == (!a && b));
    CHECK(rules.fires("not_paren", e) == !(a && b));
    CHECK(rules.fires("and_or", e) == ((a && b) || c));
    CHECK(rules.fires("a_and_paren", e) == (a && (b || c)));
    CHECK(rules.fires("not_not", e) == a);
    CHECK(rules.fires("and3", e) == (a && b && c));
    CHECK(rules.fires("or3", e) == (a || b || c));
  }
}

TEST_CASE("field conditions written inline in the condition") {
  Rules rules(rule("r", "prompt",
                   "  selection a { prompt.text contains \"A1\" }\n"
                   "  condition a and prompt.source == \"user\" and not user.id in [\"tester\"]"));
  CHECK(rules.fires("r", event("prompt", R"("prompt":{"text":"A1","source":"user"})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt":{"text":"A1","source":"memory"})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("user.id":"tester","prompt":{"text":"A1","source":"user"})")));
}

TEST_CASE("1 of sel_* / all of sel_*: the selections whose name matches the glob") {
  const std::string body =
      "  selection sel_x { prompt.text contains \"X1\" }\n"
      "  selection sel_y { prompt.text contains \"Y2\" }\n"
      "  selection gate { prompt.source == \"user\" }\n";
  Rules rules(rule("one_of", "prompt", body + "  condition 1 of sel_* and gate") +
              rule("all_of", "prompt", body + "  condition all of sel_* and gate") +
              rule("one_of_q", "prompt", body + "  condition 1 of sel_? and gate"));
  auto e = [](const std::string& text, const std::string& source) {
    return event("prompt", "\"prompt\":{\"text\":" + json_string(text) + ",\"source\":" + json_string(source) + "}");
  };
  CHECK(rules.fires("one_of", e("X1", "user")));
  CHECK(rules.fires("one_of", e("Y2", "user")));
  CHECK_FALSE(rules.fires("one_of", e("Z3", "user")));
  CHECK_FALSE(rules.fires("one_of", e("X1", "memory")));
  CHECK(rules.fires("all_of", e("X1 Y2", "user")));
  CHECK_FALSE(rules.fires("all_of", e("X1", "user")));
  CHECK_FALSE(rules.fires("all_of", e("Y2", "user")));
  CHECK_FALSE(rules.fires("all_of", e("X1 Y2", "memory")));
  CHECK(rules.fires("one_of_q", e("Y2", "user")));
  CHECK_FALSE(rules.fires("one_of_q", e("Z3", "user")));
}

TEST_CASE("1 of them / all of them: every selection, filters excluded") {
  const std::string body =
      "  selection p { prompt.text contains \"P1\" }\n"
      "  selection q { prompt.text contains \"Q2\" }\n"
      "  filter f { user.id == \"tester\" }\n";
  Rules rules(rule("one", "prompt", body + "  condition 1 of them and not f") +
              rule("all", "prompt", body + "  condition all of them and not f") +
              rule("all_bare", "prompt", body + "  condition all of them or f"));
  auto e = [](const std::string& user, const std::string& text) {
    return event("prompt", "\"user.id\":" + json_string(user) + ",\"prompt.text\":" + json_string(text));
  };
  CHECK(rules.fires("one", e("u1", "P1")));
  CHECK(rules.fires("one", e("u1", "Q2")));
  CHECK_FALSE(rules.fires("one", e("u1", "none")));
  CHECK_FALSE(rules.fires("one", e("tester", "P1")));
  CHECK(rules.fires("all", e("u1", "P1 Q2")));
  CHECK_FALSE(rules.fires("all", e("u1", "P1")));
  CHECK_FALSE(rules.fires("all", e("tester", "P1 Q2")));
  // `all of them` does not require the filter to hold: P1 Q2 from anyone fires.
  CHECK(rules.fires("all_bare", e("u1", "P1 Q2")));
  CHECK(rules.fires("all_bare", e("tester", "none")));  // f as an alternative
  CHECK_FALSE(rules.fires("all_bare", e("u1", "P1")));
}

TEST_CASE("a rule with one selection and no condition uses that selection") {
  Rules rules(rule("r", "prompt", "  selection only { prompt.text contains \"zz\" }"));
  CHECK(rules.fires("r", prompt_text("a zz b")));
  CHECK_FALSE(rules.fires("r", prompt_text("a z b")));
}

TEST_CASE("filters: `and not filter` removes the matches the filter describes") {
  Rules rules(rule("r", "prompt",
                   "  selection phrase { prompt.text contains \"ignore previous\" }\n"
                   "  filter redteam { user.roles contains \"redteam\" } or { session.id startswith \"rt-\" }\n"
                   "  condition phrase and not redteam"));
  CHECK(rules.fires("r", event("prompt", R"("prompt.text":"ignore previous","user":{"id":"u","roles":["analyst"]})")));
  CHECK(rules.fires("r", prompt_text("ignore previous")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt.text":"ignore previous","user":{"id":"u","roles":["RedTeam"]})")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt.text":"ignore previous","session.id":"rt-42")")));
  CHECK_FALSE(rules.fires("r", event("prompt", R"("user":{"id":"u","roles":["analyst"]})")));
}

TEST_CASE("macros: used by name, nested, and appended from a second file") {
  const std::string first =
      "macro is_redteam = user.roles contains \"redteam\"\n"
      "macro is_user_input = prompt.source == \"user\"\n"
      "macro suspicious_user_input = is_user_input and not is_redteam\n" +
      rule("r", "prompt",
           "  selection phrase { prompt.text contains \"ignore previous\" }\n"
           "  condition phrase and suspicious_user_input");
  const std::string second = "macro is_redteam append session.id startswith \"rt-\"\n";
  auto e = [](const std::string& extra) {
    return event("prompt", R"("prompt":{"text":"ignore previous","source":"user"})" + extra);
  };
  SUBCASE("one file") {
    Rules rules(first);
    CHECK(rules.fires("r", e("")));
    CHECK(rules.fires("r", e(R"(,"session.id":"rt-1")")));
    CHECK_FALSE(rules.fires("r", e(R"(,"user":{"id":"u","roles":["redteam"]})")));
    CHECK_FALSE(rules.fires("r", event("prompt", R"("prompt":{"text":"ignore previous","source":"memory"})")));
  }
  SUBCASE("with the append: the macro is `earlier or new`") {
    Rules rules({{"a.sigil", first}, {"b.sigil", second}});
    CHECK(rules.fires("r", e("")));
    CHECK_FALSE(rules.fires("r", e(R"(,"session.id":"rt-1")")));
    CHECK_FALSE(rules.fires("r", e(R"(,"user":{"id":"u","roles":["redteam"]})")));
  }
  SUBCASE("replace swaps the body") {
    Rules rules({{"a.sigil", first}, {"b.sigil", "macro is_redteam replace session.id startswith \"rt-\"\n"}});
    CHECK_FALSE(rules.fires("r", e(R"(,"session.id":"rt-1")")));
    CHECK(rules.fires("r", e(R"(,"user":{"id":"u","roles":["redteam"]})")));
  }
}

TEST_CASE("lists appended and replaced by a second file reach rules of the first") {
  const std::string first =
      "list egress = [\"send_email\"]\n"
      "list hosts = [\"a.example\"]\n" +
      one("tools", "agent_action", "tool.name in $egress") + one("hosts", "api_call", "server.address in $hosts");
  auto tool = [](const std::string& n) { return event("agent_action", "\"tool.name\":" + json_string(n)); };
  auto host = [](const std::string& h) { return event("api_call", "\"server.address\":" + json_string(h)); };
  SUBCASE("alone") {
    Rules rules(first);
    CHECK(rules.fires("tools", tool("send_email")));
    CHECK_FALSE(rules.fires("tools", tool("upload_file")));
    CHECK(rules.fires("hosts", host("a.example")));
  }
  SUBCASE("append and replace") {
    Rules rules({{"a.sigil", first},
                 {"b.sigil", "list egress append [\"upload_file\"]\nlist hosts replace [\"b.example\"]\n"}});
    CHECK(rules.fires("tools", tool("send_email")));
    CHECK(rules.fires("tools", tool("upload_file")));
    CHECK_FALSE(rules.fires("tools", tool("read_file")));
    CHECK_FALSE(rules.fires("hosts", host("a.example")));
    CHECK(rules.fires("hosts", host("b.example")));
  }
}

TEST_CASE("exceptions suppress the rules whose id matches their glob") {
  const std::string rules_text =
      one("prompt_a", "prompt", "prompt.text contains \"bad\"") + one("prompt_b", "prompt", "prompt.text contains \"bad\"") +
      one("other_c", "prompt", "prompt.text contains \"bad\"");
  const std::string exception =
      "exception prompt_* {\n  name \"red team exercises\"\n  user.roles contains \"redteam\"\n"
      "  session.id startswith \"rt-\"\n} or {\n  user.id in [\"tester\"]\n}\n";
  auto e = [](const std::string& fields) { return event("prompt", "\"prompt.text\":\"bad\"," + fields); };
  const std::string plain = e(R"("user.id":"u1")");
  const std::string tester = e(R"("user.id":"tester")");
  const std::string redteam_rt = e(R"("user":{"id":"u","roles":["redteam"]},"session.id":"rt-1")");
  const std::string redteam_only = e(R"("user":{"id":"u","roles":["redteam"]})");
  for (bool second_file : {false, true}) {
    CAPTURE(second_file);
    Rules rules = second_file ? Rules({{"a.sigil", rules_text}, {"b.sigil", exception}}) : Rules(rules_text + exception);
    CHECK(rules.fired(plain) == std::vector<std::string>{"prompt_a", "prompt_b", "other_c"});
    CHECK(rules.fired(tester) == std::vector<std::string>{"other_c"});
    CHECK(rules.fired(redteam_rt) == std::vector<std::string>{"other_c"});
    // A block is an AND: the redteam role alone, without an rt- session, does not suppress.
    CHECK(rules.fired(redteam_only) == std::vector<std::string>{"prompt_a", "prompt_b", "other_c"});
    CHECK(rules.fired(prompt_text("good")).empty());
  }
}

TEST_CASE("two exceptions on one rule: either one suppresses") {
  Rules rules(one("prompt_a", "prompt", "prompt.text contains \"bad\"") +
              "exception prompt_a { user.id == \"x\" }\nexception prompt_? { user.id == \"y\" }\n");
  CHECK(rules.fires("prompt_a", event("prompt", R"("prompt.text":"bad","user.id":"z")")));
  CHECK_FALSE(rules.fires("prompt_a", event("prompt", R"("prompt.text":"bad","user.id":"x")")));
  CHECK_FALSE(rules.fires("prompt_a", event("prompt", R"("prompt.text":"bad","user.id":"Y")")));
}
