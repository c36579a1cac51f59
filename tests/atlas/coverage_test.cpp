#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "atlas/coverage.hpp"

using sigil::atlas::AtlasCatalog;
using sigil::atlas::Coverage;
using sigil::atlas::CoverageFormat;
using sigil::atlas::TaggedRule;
using sigil::atlas::TechniqueCoverage;

namespace {

// Two rules tagging a sub-technique and its parent, one rule tagging two techniques in two
// tactics, one rule tagging none (`atlas none`).
const std::vector<TaggedRule> kRules = {
    {"direct_injection", {"AML.T0051.000"}},
    {"any_injection", {"AML.T0051"}},
    {"api_exfiltration", {"AML.T0024", "AML.T0040"}},
    {"no_technique", {}},
};

Coverage small_coverage() { return compute_coverage(AtlasCatalog::builtin(), kRules); }

const TechniqueCoverage& entry(const Coverage& coverage, std::string_view id) {
  const sigil::atlas::Technique* technique = coverage.catalog->find(id);
  REQUIRE(technique != nullptr);
  return coverage.techniques[static_cast<std::size_t>(technique - coverage.catalog->techniques().data())];
}

const sigil::atlas::TacticCoverage& tactic(const Coverage& coverage, std::string_view id) {
  for (const auto& t : coverage.tactics) {
    if (t.tactic->id == id) return t;
  }
  FAIL("no tactic " << id);
  throw std::logic_error("unreachable");
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  REQUIRE(document.IsObject());
  return document;
}

}  // namespace

TEST_CASE("atlas coverage - a rule counts for the technique it tags, a parent sums its sub-techniques") {
  Coverage coverage = small_coverage();
  CHECK(coverage.rules == 4);
  CHECK(coverage.untagged_rules == 1);
  CHECK(entry(coverage, "AML.T0051.000").rules == std::vector<std::string>{"direct_injection"});
  CHECK(entry(coverage, "AML.T0051").rules == std::vector<std::string>{"any_injection"});
  CHECK(entry(coverage, "AML.T0051").sub_technique_rules == 1);
  CHECK(entry(coverage, "AML.T0051.001").rules.empty());
  CHECK_FALSE(entry(coverage, "AML.T0051.001").covered());
  CHECK(entry(coverage, "AML.T0024").rules == std::vector<std::string>{"api_exfiltration"});
  CHECK(entry(coverage, "AML.T0040").rules == std::vector<std::string>{"api_exfiltration"});
}

TEST_CASE("atlas coverage - covered counts per tactic and over the whole matrix") {
  Coverage coverage = small_coverage();
  // ATLAS 5.6.0: Execution lists 6 top-level techniques and 7 sub-techniques.
  const auto& execution = tactic(coverage, "AML.TA0005");
  CHECK(execution.techniques.covered == 1);
  CHECK(execution.techniques.total == 6);
  CHECK(execution.sub_techniques.covered == 1);
  CHECK(execution.sub_techniques.total == 7);
  CHECK(tactic(coverage, "AML.TA0010").techniques.covered == 1);  // Exfiltration: T0024
  CHECK(tactic(coverage, "AML.TA0000").techniques.covered == 1);  // AI Model Access: T0040
  CHECK(tactic(coverage, "AML.TA0002").techniques.covered == 0);  // Reconnaissance
  CHECK(coverage.all_techniques.covered == 3);
  CHECK(coverage.all_techniques.total == 101);
  CHECK(coverage.all_sub_techniques.covered == 1);
  CHECK(coverage.all_sub_techniques.total == 69);
}

TEST_CASE("atlas coverage - rows are by id, each parent followed by its sub-techniques") {
  Coverage coverage = small_coverage();
  std::vector<std::string> ids;
  for (std::size_t row : tactic(coverage, "AML.TA0005").rows) ids.push_back(coverage.techniques[row].technique->id);
  REQUIRE(ids.size() == 13);
  auto parent = std::find(ids.begin(), ids.end(), "AML.T0051");
  REQUIRE(parent != ids.end());
  CHECK(*(parent + 1) == "AML.T0051.000");
  CHECK(*(parent + 3) == "AML.T0051.002");
  CHECK(std::is_sorted(ids.begin(), ids.end()));
}

TEST_CASE("atlas coverage - a technique of two tactics counts under each, once in all tactics") {
  std::vector<TaggedRule> rules = {{"jailbreak", {"AML.T0054"}}};  // Privilege Escalation, Defense Evasion
  Coverage coverage = compute_coverage(AtlasCatalog::builtin(), rules);
  CHECK(tactic(coverage, "AML.TA0012").techniques.covered == 1);
  CHECK(tactic(coverage, "AML.TA0007").techniques.covered == 1);
  CHECK(coverage.all_techniques.covered == 1);
}

TEST_CASE("atlas coverage - a rule listing a technique twice counts once") {
  std::vector<TaggedRule> rules = {{"twice", {"AML.T0051.000", "AML.T0051.000"}}};
  Coverage coverage = compute_coverage(AtlasCatalog::builtin(), rules);
  CHECK(entry(coverage, "AML.T0051.000").rules.size() == 1);
  CHECK(entry(coverage, "AML.T0051").sub_technique_rules == 1);
}

TEST_CASE("atlas coverage - an id the catalog lacks is refused") {
  std::vector<TaggedRule> rules = {{"bad", {"AML.T9999"}}};
  CHECK_THROWS_AS(compute_coverage(AtlasCatalog::builtin(), rules), std::invalid_argument);
}

TEST_CASE("atlas coverage - the table shows own and sub-technique counts and the summary") {
  std::string text = render_coverage(small_coverage(), CoverageFormat::table);
  CHECK(text.starts_with("MITRE ATLAS 5.6.0 coverage: 4 rules, 1 tagging no technique\n"));
  CHECK(contains(text, "\nExecution (AML.TA0005)\n"));
  CHECK(contains(text, "  AML.T0051            1                  1  LLM Prompt Injection\n"));
  CHECK(contains(text, "    AML.T0051.000      1                       Direct\n"));
  CHECK(contains(text, "  AML.T0024            1                  0  Exfiltration via AI Inference API\n"));
  CHECK(contains(text, "  AML.T0040            1                  -  AI Model Inference API Access\n"));
  CHECK(contains(text, "Execution                      1/6             1/7\n"));
  CHECK(contains(text, "All tactics                  3/101            1/69\n"));
}

TEST_CASE("atlas coverage - markdown: the summary table, then every technique") {
  std::string text = render_coverage(small_coverage(), CoverageFormat::markdown);
  CHECK(contains(text, "| Execution (AML.TA0005) | 1/6 | 1/7 |\n"));
  CHECK(contains(text, "| all tactics (each technique once) | 3/101 | 1/69 |\n"));
  CHECK(contains(text, "| Execution | AML.T0011 | User Execution | 0 | 0 |\n"));
  CHECK(contains(text, "|  | AML.T0051 | LLM Prompt Injection | 1 | 1 |\n"));
  CHECK(contains(text, "|  | AML.T0051.000 | LLM Prompt Injection: Direct | 1 |  |\n"));
}

TEST_CASE("atlas coverage - json: counts and rule ids per row") {
  rapidjson::Document json = parse_json(render_coverage(small_coverage(), CoverageFormat::json));
  CHECK(std::string(json["atlas_version"].GetString()) == "5.6.0");
  CHECK(json["rule_count"].GetUint() == 4);
  CHECK(json["summary"]["techniques"]["covered"].GetUint() == 3);
  const auto& tactics = json["tactics"];
  REQUIRE(tactics.Size() == 16);
  const auto& execution = tactics[4];
  CHECK(std::string(execution["id"].GetString()) == "AML.TA0005");
  bool found = false;
  for (const auto& row : execution["rows"].GetArray()) {
    if (std::string(row["id"].GetString()) != "AML.T0051.000") continue;
    found = true;
    CHECK(std::string(row["parent_id"].GetString()) == "AML.T0051");
    REQUIRE(row["rules"].Size() == 1);
    CHECK(std::string(row["rules"][0].GetString()) == "direct_injection");
    CHECK_FALSE(row.HasMember("sub_technique_rule_count"));
  }
  CHECK(found);
}

TEST_CASE("atlas coverage - the navigator layer parses and has the layer fields") {
  rapidjson::Document layer = parse_json(render_coverage(small_coverage(), CoverageFormat::navigator));
  CHECK(std::string(layer["name"].GetString()) == "Sigil rule coverage");
  CHECK(std::string(layer["versions"]["layer"].GetString()) == "4.5");
  CHECK(std::string(layer["versions"]["navigator"].GetString()) == "4.9.1");
  CHECK(std::string(layer["domain"].GetString()) == "atlas-atlas");
  CHECK(layer["description"].IsString());
  CHECK(layer["gradient"]["colors"].IsArray());
  CHECK(layer["legendItems"].IsArray());
  CHECK(std::string(layer["metadata"][0]["value"].GetString()) == "5.6.0");
  const auto& techniques = layer["techniques"];
  REQUIRE(techniques.IsArray());
  CHECK(techniques.Size() == 4);  // T0024, T0040, T0051, T0051.000: covered ones only
  for (const auto& technique : techniques.GetArray()) {
    std::string id = technique["techniqueID"].GetString();
    if (id == "AML.T0051") {
      CHECK(std::string(technique["tactic"].GetString()) == "execution");
      CHECK(technique["showSubtechniques"].GetBool());
      CHECK(technique["score"].GetUint() == 1);
      CHECK(std::string(technique["comment"].GetString()) == "any_injection");
    } else if (id == "AML.T0051.000") {
      CHECK_FALSE(technique.HasMember("tactic"));
      CHECK(technique["score"].GetUint() == 1);
    } else if (id == "AML.T0040") {
      CHECK(std::string(technique["tactic"].GetString()) == "ai-model-access");
      CHECK(std::string(technique["comment"].GetString()) == "api_exfiltration");
    } else {
      CHECK(id == "AML.T0024");
      CHECK(std::string(technique["tactic"].GetString()) == "exfiltration");
    }
  }
}

TEST_CASE("atlas coverage - navigator tactic names are the ATLAS layers' names") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(sigil::atlas::navigator_tactic_name(*catalog.find_tactic("AML.TA0000")) == "ai-model-access");
  CHECK(sigil::atlas::navigator_tactic_name(*catalog.find_tactic("AML.TA0014")) == "command-and-control");
}
