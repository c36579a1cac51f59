#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "atlas/atlas_catalog.hpp"

using sigil::atlas::AtlasCatalog;
using sigil::atlas::Technique;

TEST_CASE("atlas catalog - version and counts match SOURCE.md") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(catalog.version() == "5.6.0");
  CHECK(catalog.tactics().size() == 16);
  CHECK(catalog.techniques().size() == 170);
  std::size_t subs = 0;
  for (const Technique& technique : catalog.techniques()) subs += technique.is_sub_technique();
  CHECK(subs == 69);
  CHECK(catalog.techniques().size() - subs == 101);
}

TEST_CASE("atlas catalog - a top-level technique and its tactics") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  const Technique* injection = catalog.find("AML.T0051");
  REQUIRE(injection != nullptr);
  CHECK(injection->name == "LLM Prompt Injection");
  CHECK(injection->display_name == "LLM Prompt Injection");
  CHECK(injection->parent_id.empty());
  CHECK(injection->parent_name.empty());
  REQUIRE(injection->tactic_indices.size() == 1);
  CHECK(catalog.tactics()[injection->tactic_indices[0]].id == "AML.TA0005");
  CHECK(catalog.tactics()[injection->tactic_indices[0]].name == "Execution");
  CHECK(injection->description.starts_with("An adversary may craft malicious prompts"));

  auto subs = catalog.sub_techniques(*injection);
  REQUIRE(subs.size() == 3);
  CHECK(subs[0].id == "AML.T0051.000");
  CHECK(subs[2].id == "AML.T0051.002");
}

TEST_CASE("atlas catalog - a sub-technique shows as 'Parent: Sub' and inherits tactics") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  const Technique* indirect = catalog.find("AML.T0051.001");
  REQUIRE(indirect != nullptr);
  CHECK(indirect->name == "Indirect");
  CHECK(indirect->display_name == "LLM Prompt Injection: Indirect");
  CHECK(indirect->parent_id == "AML.T0051");
  CHECK(indirect->parent_name == "LLM Prompt Injection");
  CHECK(indirect->tactic_indices == catalog.find("AML.T0051")->tactic_indices);
  CHECK(catalog.sub_techniques(*indirect).empty());
}

TEST_CASE("atlas catalog - tactic lists keep the data's order") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  const Technique* jailbreak = catalog.find("AML.T0054");
  REQUIRE(jailbreak != nullptr);
  REQUIRE(jailbreak->tactic_indices.size() == 2);
  CHECK(catalog.tactics()[jailbreak->tactic_indices[0]].id == "AML.TA0012");
  CHECK(catalog.tactics()[jailbreak->tactic_indices[1]].id == "AML.TA0007");
}

TEST_CASE("atlas catalog - tactics in matrix order, findable by id") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(catalog.tactics().front().id == "AML.TA0002");
  CHECK(catalog.tactics().front().name == "Reconnaissance");
  CHECK(catalog.tactics().back().name == "Impact");
  const auto* exfiltration = catalog.find_tactic("AML.TA0010");
  REQUIRE(exfiltration != nullptr);
  CHECK(exfiltration->name == "Exfiltration");
  CHECK(catalog.find_tactic("AML.TA9999") == nullptr);
  CHECK(catalog.find_tactic("AML.T0051") == nullptr);
}

TEST_CASE("atlas catalog - every parent exists and every id is unique and well formed") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  std::set<std::string> ids;
  for (const Technique& technique : catalog.techniques()) {
    CAPTURE(technique.id);
    CHECK(sigil::atlas::is_well_formed_id(technique.id));
    CHECK(ids.insert(technique.id).second);
    CHECK(!technique.tactic_indices.empty());
    if (!technique.is_sub_technique()) continue;
    const Technique* parent = catalog.find(technique.parent_id);
    REQUIRE(parent != nullptr);
    CHECK(!parent->is_sub_technique());
    CHECK(technique.display_name == parent->name + ": " + technique.name);
  }
}

TEST_CASE("atlas catalog - names that changed across releases are the current ones") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(catalog.find("AML.T0053")->name == "AI Agent Tool Invocation");
  CHECK(catalog.find("AML.T0056")->name == "Extract LLM System Prompt");
  CHECK(catalog.find("AML.T0110")->name == "AI Agent Tool Poisoning");
  CHECK(catalog.find("AML.T0084.003")->name == "Call Chains");
}

TEST_CASE("atlas catalog - lookups are exact") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(catalog.find("aml.t0051") == nullptr);
  CHECK(catalog.find("AML.T0051 ") == nullptr);
  CHECK(catalog.find("AML.T005") == nullptr);
  CHECK(catalog.find("AML.T9999") == nullptr);
  CHECK(catalog.find("") == nullptr);
}

TEST_CASE("atlas catalog - malformed catalog text is rejected with its line") {
  const std::string good_start = "# comment\nversion\t1.0\ntactic\tAML.TA0005\tExecution\n";
  CHECK_NOTHROW(AtlasCatalog::from_tsv(good_start + "technique\tAML.T0051\tX\t\tAML.TA0005\td\n"));
  CHECK_THROWS_WITH_AS(AtlasCatalog::from_tsv(good_start + "technique\tAML.T0051\tX\t\tAML.TA0099\td\n"),
                       doctest::Contains("line 4: unknown tactic 'AML.TA0099'"), std::runtime_error);
  CHECK_THROWS_WITH_AS(AtlasCatalog::from_tsv(good_start + "technique\tAML.T0051\tX\n"),
                       doctest::Contains("line 4"), std::runtime_error);
  CHECK_THROWS_WITH_AS(AtlasCatalog::from_tsv("tactic\tAML.TA0005\tExecution\n"),
                       doctest::Contains("no version"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      AtlasCatalog::from_tsv(good_start + "technique\tAML.T0051.001\tSub\tAML.T0051\tAML.TA0005\td\n"),
      doctest::Contains("parent AML.T0051"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      AtlasCatalog::from_tsv(good_start + "technique\tAML.T0052\tB\t\tAML.TA0005\td\n" +
                             "technique\tAML.T0051\tA\t\tAML.TA0005\td\n"),
      doctest::Contains("out of order"), std::runtime_error);
  CHECK_THROWS_WITH_AS(AtlasCatalog::from_tsv(good_start + "technique\tT51\tX\t\tAML.TA0005\td\n"),
                       doctest::Contains("malformed technique id"), std::runtime_error);
}
