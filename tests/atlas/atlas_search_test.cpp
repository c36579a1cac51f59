#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "atlas/atlas_catalog.hpp"

using sigil::atlas::AtlasCatalog;

namespace {

std::vector<std::string> ids_of(const std::vector<const sigil::atlas::Technique*>& techniques) {
  std::vector<std::string> ids;
  for (const auto* technique : techniques) ids.push_back(technique->id);
  return ids;
}

std::vector<std::string> as_strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

}  // namespace

TEST_CASE("atlas search - all words must occur, ignoring case") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(ids_of(catalog.search("prompt injection")) ==
        std::vector<std::string>{"AML.T0051", "AML.T0051.000", "AML.T0051.001", "AML.T0051.002"});
  CHECK(ids_of(catalog.search("  PROMPT   Injection ")) == ids_of(catalog.search("prompt injection")));
  CHECK(ids_of(catalog.search("jailbreak")) == std::vector<std::string>{"AML.T0054"});
}

TEST_CASE("atlas search - sub-techniques match through their parent's name") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  // "Indirect" alone names the sub-technique; "injection" is only in the parent's name.
  CHECK(ids_of(catalog.search("indirect injection")) == std::vector<std::string>{"AML.T0051.001"});
}

TEST_CASE("atlas search - ids are searchable too") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  auto matches = ids_of(catalog.search("t0085"));
  CHECK(matches == std::vector<std::string>{"AML.T0085", "AML.T0085.000", "AML.T0085.001"});
}

TEST_CASE("atlas search - no words or no match gives nothing") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(catalog.search("").empty());
  CHECK(catalog.search("   ").empty());
  CHECK(catalog.search("prompt xyzzy").empty());
}

TEST_CASE("atlas suggest - case and a missing prefix give the canonical id") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(as_strings(catalog.suggest("aml.t0051")) == std::vector<std::string>{"AML.T0051"});
  CHECK(as_strings(catalog.suggest("T0051.001")) == std::vector<std::string>{"AML.T0051.001"});
  CHECK(as_strings(catalog.suggest("aml.ta0005")) == std::vector<std::string>{"AML.TA0005"});
}

TEST_CASE("atlas suggest - an unknown sub-technique offers its parent and siblings") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  CHECK(as_strings(catalog.suggest("AML.T0051.009", 5)) ==
        std::vector<std::string>{"AML.T0051", "AML.T0051.000", "AML.T0051.001", "AML.T0051.002"});
  CHECK(catalog.suggest("AML.T0051.009", 2).size() == 2);
}

TEST_CASE("atlas suggest - typos are matched by edit distance") {
  const AtlasCatalog& catalog = AtlasCatalog::builtin();
  auto dropped_digit = as_strings(catalog.suggest("AML.T051"));
  REQUIRE(!dropped_digit.empty());
  CHECK(dropped_digit.front() == "AML.T0051");
  auto swapped = as_strings(catalog.suggest("AML.T0045"));  // unknown; T0054 is a swap away
  CHECK(std::find(swapped.begin(), swapped.end(), "AML.T0054") != swapped.end());
  CHECK(catalog.suggest("something else entirely").empty());
}
