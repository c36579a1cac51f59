// FieldCatalog derived from the embedded schemas, and from_schemas() on small hand-made schemas.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

#include "engine/event/field_catalog.hpp"

using namespace sigil;

namespace {
const FieldSpec& field(std::string_view path) {
  const FieldSpec* spec = FieldCatalog::builtin().find(path);
  REQUIRE_MESSAGE(spec != nullptr, path);
  return *spec;
}
}  // namespace

TEST_CASE("catalog - embedded schemas are the envelope and the nine kinds") {
  std::vector<std::string_view> names;
  for (const EmbeddedSchema& schema : embedded_schemas()) names.push_back(schema.name);
  CHECK(std::find(names.begin(), names.end(), "envelope") != names.end());
  for (std::string_view kind : kKindNames) CHECK_MESSAGE(std::find(names.begin(), names.end(), kind) != names.end(), kind);
  CHECK(names.size() == kKindCount + 1);
}

TEST_CASE("catalog - fields are sorted, unique, described and typed") {
  auto fields = FieldCatalog::builtin().fields();
  REQUIRE(fields.size() > 50);
  for (std::size_t i = 1; i < fields.size(); ++i) CHECK(fields[i - 1].path < fields[i].path);
  for (const FieldSpec& spec : fields) {
    CHECK_MESSAGE(!spec.description.empty(), spec.path);
    CHECK_MESSAGE(spec.types != 0, spec.path);
    CHECK_MESSAGE(spec.kinds != 0, spec.path);
    CHECK_MESSAGE((spec.required_in & ~spec.kinds) == 0, spec.path);
  }
}

TEST_CASE("catalog - find resolves leaves, not intermediate objects") {
  const FieldCatalog& catalog = FieldCatalog::builtin();
  CHECK(catalog.find("user") == nullptr);
  CHECK(catalog.find("retrieval.documents") == nullptr);
  CHECK(catalog.find("prompt.risk_scor") == nullptr);
  CHECK(catalog.find("") == nullptr);
  CHECK(field("user.id").types == kJsonString);
  CHECK(field("retrieval.top_k").types == kJsonInteger);
  CHECK(field("prompt.risk_score").types == (kJsonNumber | kJsonInteger));
  CHECK(field("time_unix_nano").types == (kJsonInteger | kJsonString));
  CHECK(field("http.response.status_code").kinds == kind_bit(Kind::api_call));
}

TEST_CASE("catalog - arrays: sub-paths of object items and scalar arrays are repeated") {
  const FieldSpec& score = field("retrieval.documents.score");
  CHECK(score.repeated);
  CHECK(score.types == (kJsonNumber | kJsonInteger));
  const FieldSpec& roles = field("retrieval.documents.required_roles");
  CHECK(roles.repeated);
  CHECK(roles.types == kJsonString);
  CHECK(field("user.roles").repeated);
  CHECK(field("guardrail.categories").repeated);
  CHECK_FALSE(field("retrieval.query").repeated);
  CHECK_FALSE(field("user.id").repeated);
}

TEST_CASE("catalog - free-form objects are open leaves") {
  const FieldCatalog& catalog = FieldCatalog::builtin();
  const FieldSpec& arguments = field("tool.arguments");
  CHECK(arguments.open);
  CHECK(arguments.types == (kJsonObject | kJsonString));
  CHECK(field("audit.changes").open);
  CHECK_FALSE(field("tool.name").open);
  CHECK(catalog.find("tool.arguments.to") == nullptr);
  CHECK(catalog.open_ancestor("tool.arguments.to") == &arguments);
  CHECK(catalog.open_ancestor("tool.arguments.body.text") == &arguments);
  CHECK(catalog.open_ancestor("audit.changes.role")->path == "audit.changes");
  CHECK(catalog.open_ancestor("tool.arguments") == nullptr);  // strictly below
  CHECK(catalog.open_ancestor("tool.name.x") == nullptr);
  CHECK(catalog.open_ancestor("user.id") == nullptr);
}

TEST_CASE("catalog - kinds: envelope fields belong to all, others to the kinds declaring them") {
  CHECK(field("session.id").kinds == kAllKinds);
  CHECK(field("kind").kinds == kAllKinds);
  CHECK(field("prompt.text").kinds == kind_bit(Kind::prompt));
  CHECK(field("tool.call_id").kinds == (kind_bit(Kind::agent_action) | kind_bit(Kind::api_call)));
  CHECK(field("tool.name").kinds == kind_bit(Kind::agent_action));
  CHECK(field("kind").enum_values.size() == kKindCount);  // the envelope's list, not a kind's pin
}

TEST_CASE("catalog - required_in from required lists, not from the time alternative") {
  CHECK(field("kind").required_in == kAllKinds);
  CHECK(field("session.id").required_in == kAllKinds);
  CHECK(field("user.id").required_in == kAllKinds);
  CHECK(field("user.name").required_in == 0);
  CHECK(field("time").required_in == 0);
  CHECK(field("time_unix_nano").required_in == 0);
  CHECK(field("usage.input_tokens").required_in == kind_bit(Kind::token_usage));
  CHECK(field("usage.output_tokens").required_in == kind_bit(Kind::token_usage));
  CHECK(field("usage.total_tokens").required_in == 0);
  CHECK(field("server.address").required_in == kind_bit(Kind::api_call));
  CHECK(field("server.port").required_in == 0);
  CHECK(field("tool.call_id").required_in == 0);
}

TEST_CASE("catalog - defaults and enumerations") {
  CHECK(field("tool.phase").has_default);
  CHECK(field("tool.phase").default_value == "executed");
  CHECK(field("retrieval.operation").default_value == "query");
  CHECK_FALSE(field("tool.name").has_default);
  const auto& decisions = field("guardrail.decision").enum_values;
  CHECK(decisions == std::vector<std::string>{"allow", "flag", "redact", "block", "escalate"});
  CHECK(field("prompt.text").enum_values.empty());
}

TEST_CASE("catalog - suggest") {
  const FieldCatalog& catalog = FieldCatalog::builtin();
  auto one = catalog.suggest("prompt.risk_scor");
  REQUIRE(one.size() == 1);
  CHECK(one[0] == "prompt.risk_score");
  CHECK(catalog.suggest("sesion.id").at(0) == "session.id");
  CHECK(catalog.suggest("risk_score").at(0) == "prompt.risk_score");     // by last segment
  CHECK(catalog.suggest("usage.input_token").at(0) == "usage.input_tokens");
  CHECK(catalog.suggest("completely.unrelated.thing").empty());
  auto three = catalog.suggest("user.nam", 3);
  CHECK(three.size() <= 3);
  REQUIRE_FALSE(three.empty());
  CHECK(three[0] == "user.name");
  CHECK(catalog.suggest("user.id", 0).empty());
}

TEST_CASE("catalog - from_schemas merges and rejects what it cannot use") {
  constexpr std::string_view envelope = R"({"type":"object","properties":{"user":{"type":"object",
      "required":["id"],"properties":{"id":{"type":"string","description":"who"}}}},"required":["user"]})";
  constexpr std::string_view prompt = R"({"type":"object","properties":{"x":{"type":"string","description":"x"}}})";
  constexpr std::string_view audit_same = R"({"type":"object","properties":{"x":{"type":"string","description":"x"}}})";
  constexpr std::string_view audit_int = R"({"type":"object","properties":{"x":{"type":"integer","description":"x"}}})";
  constexpr std::string_view no_type = R"({"type":"object","properties":{"y":{"description":"y"}}})";
  constexpr std::string_view closed_object = R"({"type":"object","properties":{"y":{"type":"object"}}})";
  constexpr std::string_view number_default = R"({"type":"object","properties":{"y":{"type":"integer","default":3}}})";

  std::vector<EmbeddedSchema> ok{{"envelope", envelope}, {"prompt", prompt}, {"audit", audit_same}};
  FieldCatalog catalog = FieldCatalog::from_schemas(ok);
  REQUIRE(catalog.find("x") != nullptr);
  CHECK(catalog.find("x")->kinds == (kind_bit(Kind::prompt) | kind_bit(Kind::audit)));
  CHECK(catalog.find("user.id")->required_in == kAllKinds);

  auto throws = [&](std::string_view name, std::string_view text) {
    std::vector<EmbeddedSchema> bad{{"envelope", envelope}, {"prompt", prompt}, {name, text}};
    CHECK_THROWS_AS(FieldCatalog::from_schemas(bad), std::runtime_error);
  };
  throws("audit", audit_int);
  throws("audit", no_type);
  throws("audit", closed_object);
  throws("audit", number_default);
  throws("audit", "{not json");
  throws("not_a_kind", prompt);
  std::vector<EmbeddedSchema> no_envelope{{"prompt", prompt}};
  CHECK_THROWS_AS(FieldCatalog::from_schemas(no_envelope), std::runtime_error);
}
