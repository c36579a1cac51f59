// EventValidator: valid events pass in both forms; each class of error has its pointer and message.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "engine/event/kind.hpp"
#include "engine/validate/event_validator.hpp"
#include "schemas/test_events.hpp"

using namespace sigil;

namespace {

const EventValidator& validator() {
  static const EventValidator instance;
  return instance;
}

std::string errors_text(const std::vector<ValidationError>& errors) {
  std::string out;
  for (const auto& e : errors) out += "[" + e.pointer + "] " + e.message + "\n";
  return out;
}

// Exactly one error, at `pointer`, whose message is `message`.
void check_one(const std::string& event, const std::string& pointer, const std::string& message) {
  auto errors = validator().validate(event);
  INFO(event);
  INFO(errors_text(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].pointer == pointer);
  CHECK(errors[0].message == message);
}

const std::string kHead = R"("time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"})";

}  // namespace

TEST_CASE("validator - the fixture holds a valid event of each of the nine kinds, nested and flat") {
  auto events = test::fixture_events();
  REQUIRE(events.size() >= kKindCount);
  std::set<std::string> kinds_seen;
  for (const std::string& event : events) {
    CHECK_MESSAGE(validator().validate(event).empty(), event, "\n", errors_text(validator().validate(event)));
    std::string flat = test::flatten(event);
    REQUIRE(flat.find("\"session.id\"") != std::string::npos);  // really flattened
    CHECK_MESSAGE(validator().validate(flat).empty(), flat, "\n", errors_text(validator().validate(flat)));
    auto at = event.find("\"kind\":\"");
    REQUIRE(at != std::string::npos);
    kinds_seen.insert(event.substr(at + 8, event.find('"', at + 8) - at - 8));
  }
  CHECK(kinds_seen.size() == kKindCount);
}

TEST_CASE("validator - flat and nested keys may be mixed, objects given both ways merge") {
  CHECK(validator().validate(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session.id":"s",)"
                             R"("user":{"id":"u"},"user.roles":["a"],"prompt.text":"hi","prompt":{"source":"user"}})")
            .empty());
  CHECK(validator().validate(R"({"kind":"agent_action",)" + kHead +
                             R"(,"tool.arguments.to":"x@y","tool":{"name":"mail","arguments":{"cc":"z"}}})")
            .empty());
}

TEST_CASE("validator - missing required fields") {
  check_one(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"}})", "/user/id",
            "missing required field user.id");
  check_one(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"name":"n"}})",
            "/user/id", "missing required field user.id");
  check_one(R"({"kind":"prompt","session":{"id":"s"},"user":{"id":"u"}})", "/time",
            "missing required field time or time_unix_nano");
  check_one(R"({"kind":"token_usage",)" + kHead + R"(,"usage":{"input_tokens":3}})", "/usage/output_tokens",
            "missing required field usage.output_tokens");
  check_one(R"({"kind":"api_call",)" + kHead + R"(,"url":{"full":"https://x"}})", "/server/address",
            "missing required field server.address");
  auto errors = validator().validate(R"({"kind":"prompt"})");
  INFO(errors_text(errors));
  CHECK(errors.size() == 3);  // session.id, user.id, time
}

TEST_CASE("validator - wrong types") {
  check_one(R"({"kind":"retrieval",)" + kHead +
                R"(,"retrieval":{"documents":[{"id":"a","score":0.5},{"id":"b","score":"high"}]}})",
            "/retrieval/documents/1/score", "expected number, got string");
  check_one(R"({"kind":"token_usage",)" + kHead + R"(,"usage":{"input_tokens":1.5,"output_tokens":2}})",
            "/usage/input_tokens", "expected integer, got number");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"user.roles":"admin"})", "/user/roles",
            "expected array, got string");
  check_one(R"({"kind":"prompt","time_unix_nano":true,"session":{"id":"s"},"user":{"id":"u"}})",
            "/time_unix_nano", "expected integer or string, got boolean");
  check_one(R"({"kind":"agent_action",)" + kHead + R"(,"tool":{"arguments":[1,2]}})", "/tool/arguments",
            "expected object or string, got array");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"schema_version":1})", "/schema_version",
            "expected string, got integer");
  // Every error is reported, not only the first.
  auto errors = validator().validate(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":7},)"
                                     R"("user":{"id":"u","roles":[1]},"prompt":{"risk_score":"x","text":5}})");
  INFO(errors_text(errors));
  std::set<std::string> pointers;
  for (const auto& e : errors) pointers.insert(e.pointer);
  CHECK(pointers == std::set<std::string>{"/session/id", "/user/roles/0", "/prompt/risk_score", "/prompt/text"});
}

TEST_CASE("validator - enumerations, ranges and formats") {
  check_one(R"({"kind":"guardrail",)" + kHead + R"(,"guardrail":{"decision":"maybe"}})", "/guardrail/decision",
            "value \"maybe\" is not one of: allow, flag, redact, block, escalate");
  check_one(R"({"kind":"retrieval",)" + kHead + R"(,"retrieval.documents":[{"sensitivity":"top"}]})",
            "/retrieval/documents/0/sensitivity",
            "value \"top\" is not one of: public, internal, confidential, secret");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"prompt":{"risk_score":1.5}})", "/prompt/risk_score",
            "value 1.5 is above the maximum 1");
  check_one(R"({"kind":"prompt","time":"yesterday","session":{"id":"s"},"user":{"id":"u"}})", "/time",
            "value \"yesterday\" is not a valid RFC 3339 date-time");
  // The right shape, but no such date: the engine would dead-letter it, so validation fails too.
  check_one(R"({"kind":"prompt","time":"2026-13-45T99:00:00Z","session":{"id":"s"},"user":{"id":"u"}})", "/time",
            "value \"2026-13-45T99:00:00Z\" is not a valid date and time");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"schema_version":"2"})", "/schema_version",
            "value \"2\" does not match the pattern ^1(\\.[0-9]{1,4}){0,2}$");
}

TEST_CASE("validator - unknown kind is one error") {
  check_one(R"({"kind":"telemetry",)" + kHead + R"(,"prompt":{"text":5}})", "/kind",
            "unknown kind \"telemetry\" (expected one of: prompt, guardrail, retrieval, agent_action, "
            "system_prompt, token_usage, api_call, model_response, audit)");
  check_one(R"({"kind":7,)" + kHead + "}", "/kind", "expected string, got integer");
}

TEST_CASE("validator - a field given flat and nested is a duplicate") {
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"user.id":"u2"})", "/user/id", "duplicate field user.id");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"prompt":"x","prompt.text":"y"})", "/prompt",
            "duplicate field prompt");
  check_one(R"({"kind":"prompt",)" + kHead + R"(,"kind":"prompt"})", "/kind", "duplicate field kind");
  check_one(R"({"kind":"agent_action",)" + kHead + R"(,"tool":{"arguments":{"a.b":1,"a":{"b":2},"c":1,"c":2}}})",
            "/tool/arguments/c", "duplicate field tool.arguments.c");  // keys below open fields are data
}

TEST_CASE("validator - input that is not an event") {
  auto errors = validator().validate(R"({"kind":"prompt",)");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].pointer == "");
  CHECK(errors[0].message.rfind("invalid JSON at byte 17: ", 0) == 0);
  check_one("[1,2]", "", "an event must be a JSON object, got array");
  check_one("{\"kind\":\"prompt\"} x", "", "invalid JSON at byte 18: The document root must not be followed by other values.");
  CHECK(validator().validate("{\"kind\":\"\xff\"}").at(0).message.rfind("invalid JSON at byte", 0) == 0);
  std::string deep = R"({"kind":"prompt",)" + kHead + R"(,"x":)" + std::string(70, '[') + std::string(70, ']') + "}";
  auto deep_errors = validator().validate(deep);
  REQUIRE(deep_errors.size() == 1);
  CHECK(deep_errors[0].message == "nesting deeper than 64 levels");
}

TEST_CASE("validator - validate_file reports line numbers") {
  auto events = test::fixture_events();
  std::string path = std::string(SIGIL_BINARY_DIR) + "/validate_file_test.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    out << events[0] << "\r\n\n" << R"({"kind":"prompt"})" << "\n" << events[1] << "\nnot json\n";
  }
  auto errors = validator().validate_file(path);
  std::remove(path.c_str());
  std::set<std::size_t> lines;
  for (const auto& e : errors) lines.insert(e.line);
  CHECK(lines == std::set<std::size_t>{3, 5});
  CHECK_THROWS_AS(validator().validate_file(path), std::runtime_error);
}
