#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/event/event.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"

using namespace sigil;

namespace {

// Normalizes single lines with the builtin catalog, the way the pipeline does.
struct Harness {
  FieldPlan plan{FieldCatalog::builtin()};
  std::unique_ptr<Normalizer> normalizer;
  RawBatch batch;
  std::string scratch;
  Event event;
  Rejection rejection;

  explicit Harness(std::vector<std::string> extra_paths = {}, NormalizerLimits limits = {},
                   bool materialize_all = true) {
    for (const auto& p : extra_paths) plan.add_path(p);
    if (materialize_all) plan.materialize_all();
    plan.freeze();
    normalizer = std::make_unique<Normalizer>(plan, limits);
  }

  bool parse(const std::string& line, std::size_t original_length = 0) {
    batch.clear();
    batch.bytes = line;
    RawRecord record;
    record.offset = 0;
    record.length = line.size();
    record.original_length = original_length ? original_length : line.size();
    record.position.offset = 1;
    batch.records.push_back(record);
    scratch.assign(line);
    scratch.push_back('\0');
    return normalizer->normalize(batch, batch.records[0], scratch.data(), event, rejection);
  }

  FieldId id(std::string_view path) const {
    auto f = plan.find(path);
    REQUIRE_MESSAGE(f.has_value(), path);
    return *f;
  }
  std::string text(std::string_view path) const { return std::string(event.text(id(path))); }
  std::vector<std::string> texts(std::string_view path) const {
    std::vector<std::string> out;
    for (const Value& v : event.values(id(path))) out.emplace_back(v.text);
    return out;
  }
};

const std::string kPrompt =
    R"({"schema_version":"1","kind":"prompt","time":"2026-11-25T10:00:00.5Z","session":{"id":"s1"},)"
    R"("user":{"id":"u1","roles":["analyst","redteam"]},"prompt":{"text":"hello \"world\"","risk_score":0.25}})";

const std::string kPromptFlat =
    R"({"schema_version":"1","kind":"prompt","time":"2026-11-25T10:00:00.5Z","session.id":"s1",)"
    R"("user.id":"u1","user.roles":["analyst","redteam"],"prompt.text":"hello \"world\"","prompt.risk_score":0.25})";

}  // namespace

TEST_CASE("normalizer: nested objects and flat dotted keys are the same fields") {
  Harness h;
  for (const std::string* line : {&kPrompt, &kPromptFlat}) {
    REQUIRE_MESSAGE(h.parse(*line), h.rejection.message);
    CHECK(h.event.kind() == Kind::prompt);
    CHECK(h.text("session.id") == "s1");
    CHECK(h.text("user.id") == "u1");
    CHECK(h.text("prompt.text") == "hello \"world\"");
    CHECK(h.texts("user.roles") == std::vector<std::string>{"analyst", "redteam"});
    const Value* score = h.event.first(h.id("prompt.risk_score"));
    REQUIRE(score != nullptr);
    CHECK(score->number == doctest::Approx(0.25));
    CHECK(h.event.time_ns() == 1795600800500000000LL);
  }
}

TEST_CASE("normalizer: time and time_unix_nano give the same event time") {
  Harness h;
  const std::string base = R"({"kind":"prompt","session":{"id":"s"},"user":{"id":"u"},)";
  REQUIRE(h.parse(base + R"("time":"2026-11-25T10:00:00.123456789Z"})"));
  std::int64_t from_rfc3339 = h.event.time_ns();
  REQUIRE(h.parse(base + R"("time_unix_nano":1795600800123456789})"));
  CHECK(h.event.time_ns() == from_rfc3339);
  REQUIRE(h.parse(base + R"("time_unix_nano":"1795600800123456789"})"));
  CHECK(h.event.time_ns() == from_rfc3339);
}

TEST_CASE("normalizer: arrays in a path hold every element, in document order") {
  Harness h;
  REQUIRE(h.parse(
      R"({"kind":"retrieval","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
      R"("retrieval":{"source":"kb-hr","documents":[{"id":"d1","score":0.9,"sensitivity":"secret"},)"
      R"({"id":"d2","score":0.5,"sensitivity":"public"}]}})"));
  CHECK(h.texts("retrieval.documents.id") == std::vector<std::string>{"d1", "d2"});
  CHECK(h.texts("retrieval.documents.sensitivity") == std::vector<std::string>{"secret", "public"});
  CHECK(h.event.values(h.id("retrieval.documents.score")).size() == 2);
  CHECK(h.text("retrieval.operation") == "query");  // schema default
}

TEST_CASE("normalizer: free-form objects are kept as raw JSON and their sub-paths are reachable") {
  Harness h({"tool.arguments.to", "tool.arguments.attachments.name"});
  REQUIRE_MESSAGE(
      h.parse(R"({"kind":"agent_action","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
              R"("tool":{"name":"send_email","arguments":{"to":"x@evil.test","attachments":[{"name":"a.pdf"}]}}})"),
      h.rejection.message);
  const Value* args = h.event.first(h.id("tool.arguments"));
  REQUIRE(args != nullptr);
  CHECK(args->type == ValueType::raw_json);
  CHECK(args->text == R"({"to":"x@evil.test","attachments":[{"name":"a.pdf"}]})");
  CHECK(h.text("tool.arguments.to") == "x@evil.test");
  CHECK(h.text("tool.arguments.attachments.name") == "a.pdf");
  CHECK(h.text("tool.phase") == "executed");  // absent means executed

  REQUIRE(h.parse(R"({"kind":"agent_action","time":"2026-11-25T10:00:00Z","session":{"id":"s"},)"
                  R"("user":{"id":"u"},"tool":{"name":"shell","arguments":"rm -rf /"}})"));
  CHECK(h.text("tool.arguments") == "rm -rf /");
  CHECK(h.event.values(h.id("tool.arguments.to")).empty());  // nothing left over from the last event
}

TEST_CASE("normalizer: fields outside the contract are kept when a rule asks for them") {
  Harness h({"x_custom.tenant"});
  REQUIRE(h.parse(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
                  R"("x_custom":{"tenant":"acme"},"ignored":{"deep":[1,2,{"x":3}]}})"));
  CHECK(h.text("x_custom.tenant") == "acme");
}

TEST_CASE("normalizer: usage.total_tokens is derived when absent, kept when present") {
  Harness h;
  const std::string base = R"({"kind":"token_usage","time":"2026-11-25T10:00:00Z","session":{"id":"s"},)"
                           R"("user":{"id":"u"},"usage":{"input_tokens":100,"output_tokens":20)";
  REQUIRE(h.parse(base + "}}"));
  CHECK(h.event.first(h.id("usage.total_tokens"))->integer == 120);
  REQUIRE(h.parse(base + R"(,"total_tokens":7}})"));
  CHECK(h.event.first(h.id("usage.total_tokens"))->integer == 7);
}

TEST_CASE("normalizer: an explicit null is an absent value") {
  Harness h;
  REQUIRE(h.parse(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
                  R"("prompt":{"risk_score":null}})"));
  CHECK(h.event.first(h.id("prompt.risk_score")) == nullptr);
}

TEST_CASE("normalizer: every class of bad input is rejected with its reason") {
  Harness h;
  const std::string ok_head = R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"})";
  struct Case {
    std::string name;
    std::string line;
    RejectReason reason;
    std::string message_part;
  };
  std::string deep = R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},"x":)";
  for (int i = 0; i < 70; ++i) deep += "[";
  for (int i = 0; i < 70; ++i) deep += "]";
  deep += "}";
  std::vector<Case> cases = {
      {"truncated JSON", R"({"kind":"prompt","time":)", RejectReason::invalid_json, "at byte"},
      {"not an object", R"(["kind","prompt"])", RejectReason::invalid_json, "not a JSON object"},
      {"a bare string", R"("prompt")", RejectReason::invalid_json, "not a JSON object"},
      {"trailing garbage", ok_head + "} x", RejectReason::invalid_json, "at byte"},
      {"invalid UTF-8", ok_head + ",\"prompt\":{\"text\":\"caf\xC3\x28\"}}", RejectReason::invalid_utf8, "invalid UTF-8"},
      {"NUL byte", ok_head + std::string(",\"x\":\"a\0b\"}", 12), RejectReason::invalid_json, "NUL"},
      {"too deep", deep, RejectReason::too_deep, "64"},
      {"unknown kind", R"({"kind":"telepathy","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"}})",
       RejectReason::unknown_kind, "telepathy"},
      {"missing kind", R"({"time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"}})",
       RejectReason::missing_field, "kind"},
      {"schema version 2", ok_head + R"(,"schema_version":"2"})", RejectReason::unsupported_schema_version, "\"2\""},
      {"missing session.id", R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","user":{"id":"u"}})",
       RejectReason::missing_field, "session.id"},
      {"missing time", R"({"kind":"prompt","session":{"id":"s"},"user":{"id":"u"}})", RejectReason::missing_field,
       "time"},
      {"missing kind-specific field",
       R"({"kind":"api_call","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"}})",
       RejectReason::missing_field, "server.address"},
      {"string where an integer belongs",
       R"({"kind":"token_usage","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
       R"("usage":{"input_tokens":"many","output_tokens":1}})",
       RejectReason::wrong_type, "usage.input_tokens: expected integer, got string"},
      {"fraction where an integer belongs",
       R"({"kind":"token_usage","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
       R"("usage":{"input_tokens":1.5,"output_tokens":1}})",
       RejectReason::wrong_type, "got number"},
      {"object where a string belongs", ok_head + R"(,"prompt":{"text":{"a":1}}})", RejectReason::wrong_type,
       "prompt.text: expected string, got object"},
      {"array where one string belongs",
       R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":["a","b"]},"user":{"id":"u"}})",
       RejectReason::wrong_type, "session.id"},
      {"flat and nested spellings of one field",
       R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session.id":"a","session":{"id":"b"},"user":{"id":"u"}})",
       RejectReason::duplicate_field, "session.id"},
      {"impossible date", R"({"kind":"prompt","time":"2026-13-45T99:00:00Z","session":{"id":"s"},"user":{"id":"u"}})",
       RejectReason::invalid_time, "RFC 3339"},
      {"negative unix nanos", R"({"kind":"prompt","time_unix_nano":-5,"session":{"id":"s"},"user":{"id":"u"}})",
       RejectReason::invalid_time, "time_unix_nano"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK_FALSE(h.parse(c.line));
    CHECK(reject_code(h.rejection.reason) == reject_code(c.reason));
    CHECK_MESSAGE(h.rejection.message.find(c.message_part) != std::string::npos, h.rejection.message);
  }
}

TEST_CASE("normalizer: size and depth limits are configurable") {
  NormalizerLimits limits;
  limits.max_event_bytes = 100;
  limits.max_depth = 3;
  Harness h({}, limits);
  CHECK_FALSE(h.parse(kPrompt));  // 200+ bytes
  CHECK(h.rejection.reason == RejectReason::too_large);
  CHECK_FALSE(h.parse(R"({"kind":"prompt"})", 5'000'000));  // the source truncated a 5 MB line
  CHECK(h.rejection.reason == RejectReason::too_large);
  CHECK_FALSE(h.parse(R"({"a":{"b":{"c":{}}}})"));
  CHECK(h.rejection.reason == RejectReason::too_deep);
  CHECK(h.parse(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","x":{"y":{}},"session.id":"s","user.id":"u"})"));
}

TEST_CASE("normalizer: an event object is reused without leaking values between events") {
  Harness h;
  REQUIRE(h.parse(kPrompt));
  REQUIRE(h.parse(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s2"},"user":{"id":"u2"}})"));
  CHECK(h.text("session.id") == "s2");
  CHECK(h.event.values(h.id("user.roles")).empty());
  CHECK(h.event.first(h.id("prompt.text")) == nullptr);
}

TEST_CASE("normalizer: fields no rule reads are type-checked but not materialized") {
  Harness h({"prompt.text"}, {}, /*materialize_all=*/false);
  REQUIRE(h.parse(kPrompt));
  CHECK(h.text("prompt.text") == "hello \"world\"");       // a rule reads it
  CHECK(h.text("session.id") == "s1");                       // the engine reads it
  CHECK(h.event.values(h.id("user.roles")).empty());         // nobody reads it
  CHECK(h.event.values(h.id("prompt.risk_score")).empty());
  CHECK_FALSE(h.parse(R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"},)"
                      R"("prompt":{"risk_score":"high"}})"));
  CHECK(h.rejection.reason == RejectReason::wrong_type);
  CHECK_FALSE(h.parse(R"({"kind":"api_call","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"}})"));
  CHECK(h.rejection.reason == RejectReason::missing_field);  // required, though not materialized
}
