#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <string>

#include "atlas/print_atlas.hpp"

using sigil::atlas::AtlasCatalog;
using sigil::atlas::AtlasQuery;
using sigil::atlas::OutputFormat;

namespace {

struct Printed {
  int code;
  std::string out;
  std::string err;
};

Printed print(std::vector<std::string> words, OutputFormat format = OutputFormat::text) {
  Printed printed{0, {}, {}};
  AtlasQuery query{std::move(words), format};
  printed.code = sigil::atlas::print_atlas(AtlasCatalog::builtin(), query, printed.out, printed.err);
  return printed;
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  REQUIRE(document.IsObject());
  CHECK(std::string(document["atlas_version"].GetString()) == "5.6.0");
  return document;
}

}  // namespace

TEST_CASE("print atlas - no words: the tactic table with the data version") {
  Printed printed = print({});
  CHECK(printed.code == 0);
  CHECK(printed.err.empty());
  CHECK(printed.out.starts_with(
      "MITRE ATLAS 5.6.0: 16 tactics, 170 techniques (101 top-level, 69 sub-techniques)\n"));
  // Execution lists 6 top-level techniques and 7 sub-techniques in the 5.6.0 data.
  CHECK(printed.out.find("AML.TA0005  Execution                      6               7\n") !=
        std::string::npos);
}

TEST_CASE("print atlas - one id: the whole entry") {
  Printed printed = print({"AML.T0051.001"});
  CHECK(printed.code == 0);
  CHECK(printed.err.empty());
  CHECK(printed.out ==
        "AML.T0051.001  LLM Prompt Injection: Indirect\n"
        "  name            Indirect\n"
        "  parent          AML.T0051      LLM Prompt Injection\n"
        "  tactics         AML.TA0005     Execution\n"
        "  description     An adversary may inject prompts indirectly via separate data channel "
        "ingested by the LLM such as include text or multimedia pulled from databases or websites.\n"
        "  ATLAS data      5.6.0\n");
}

TEST_CASE("print atlas - a top-level entry lists its sub-techniques") {
  Printed printed = print({"AML.T0051"});
  CHECK(printed.code == 0);
  CHECK(printed.out.find("  sub-techniques  AML.T0051.000  Direct\n"
                         "                  AML.T0051.001  Indirect\n"
                         "                  AML.T0051.002  Triggered\n") != std::string::npos);
}

TEST_CASE("print atlas - a tactic id lists the tactic's techniques") {
  Printed printed = print({"AML.TA0005"});
  CHECK(printed.code == 0);
  CHECK(printed.out.starts_with("AML.TA0005  Execution\n"));
  CHECK(printed.out.find("AML.T0051.001  LLM Prompt Injection: Indirect\n") != std::string::npos);
}

TEST_CASE("print atlas - words: one matching technique per line") {
  Printed printed = print({"prompt", "injection"});
  CHECK(printed.code == 0);
  CHECK(printed.out ==
        "AML.T0051      LLM Prompt Injection             Execution\n"
        "AML.T0051.000  LLM Prompt Injection: Direct     Execution\n"
        "AML.T0051.001  LLM Prompt Injection: Indirect   Execution\n"
        "AML.T0051.002  LLM Prompt Injection: Triggered  Execution\n");
  Printed jailbreak = print({"jailbreak"});
  CHECK(jailbreak.out == "AML.T0054      LLM Jailbreak  Privilege Escalation, Defense Evasion\n");
}

TEST_CASE("print atlas - unknown id: one line on stderr with a suggestion, exit 1") {
  Printed printed = print({"AML.T0051.009"});
  CHECK(printed.code == 1);
  CHECK(printed.out.empty());
  CHECK(printed.err ==
        "sigil atlas: unknown ATLAS id AML.T0051.009 (ATLAS data 5.6.0); "
        "did you mean AML.T0051, AML.T0051.000, AML.T0051.001?\n");
  Printed lower = print({"aml.t0054"});
  CHECK(lower.code == 1);
  CHECK(lower.err.find("is not an ATLAS id") != std::string::npos);
  CHECK(lower.err.ends_with("did you mean AML.T0054?\n"));
}

TEST_CASE("print atlas - no match for words: exit 1") {
  Printed printed = print({"xyzzy"});
  CHECK(printed.code == 1);
  CHECK(printed.out.empty());
  CHECK(printed.err == "sigil atlas: no ATLAS technique matches 'xyzzy'\n");
  CHECK(print({"xyzzy"}, OutputFormat::json).code == 1);
}

TEST_CASE("print atlas - json: the tactic table") {
  Printed printed = print({}, OutputFormat::json);
  CHECK(printed.code == 0);
  rapidjson::Document document = parse_json(printed.out);
  CHECK(document["technique_count"].GetUint() == 170);
  const auto& tactics = document["tactics"].GetArray();
  REQUIRE(tactics.Size() == 16);
  CHECK(std::string(tactics[0]["id"].GetString()) == "AML.TA0002");
  CHECK(tactics[0]["techniques"].IsUint());
}

TEST_CASE("print atlas - json: an entry") {
  Printed printed = print({"AML.T0051.001"}, OutputFormat::json);
  CHECK(printed.code == 0);
  rapidjson::Document document = parse_json(printed.out);
  const auto& technique = document["technique"];
  CHECK(std::string(technique["display_name"].GetString()) == "LLM Prompt Injection: Indirect");
  CHECK(std::string(technique["parent_id"].GetString()) == "AML.T0051");
  CHECK(std::string(technique["tactics"][0]["name"].GetString()) == "Execution");
  CHECK(technique["sub_techniques"].GetArray().Size() == 0);
  CHECK(std::string(technique["description"].GetString()).starts_with("An adversary may inject"));

  rapidjson::Document parent = parse_json(print({"AML.T0051"}, OutputFormat::json).out);
  CHECK(parent["technique"]["parent_id"].IsNull());
  CHECK(parent["technique"]["sub_techniques"].GetArray().Size() == 3);
}

TEST_CASE("print atlas - json: search results, with quotes in names escaped") {
  Printed printed = print({"prompt", "injection"}, OutputFormat::json);
  CHECK(printed.code == 0);
  rapidjson::Document document = parse_json(printed.out);
  CHECK(std::string(document["query"].GetString()) == "prompt injection");
  CHECK(document["techniques"].GetArray().Size() == 4);

  // Descriptions contain double quotes ("white-box"); the output must still parse.
  Printed quoted = print({"AML.T0044"}, OutputFormat::json);
  rapidjson::Document entry = parse_json(quoted.out);
  CHECK(std::string(entry["technique"]["description"].GetString()).find("\"white-box\"") !=
        std::string::npos);
}
