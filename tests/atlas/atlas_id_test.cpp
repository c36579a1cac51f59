#include <doctest/doctest.h>

#include "atlas/atlas_id.hpp"

using sigil::atlas::is_well_formed_id;
using sigil::atlas::is_well_formed_tactic_id;

TEST_CASE("atlas id - technique id syntax") {
  CHECK(is_well_formed_id("AML.T0051"));
  CHECK(is_well_formed_id("AML.T0051.001"));
  CHECK(is_well_formed_id("AML.T9999"));  // syntax only: unknown ids are well formed
  CHECK_FALSE(is_well_formed_id(""));
  CHECK_FALSE(is_well_formed_id("AML.T51"));
  CHECK_FALSE(is_well_formed_id("AML.T00510"));
  CHECK_FALSE(is_well_formed_id("aml.t0051"));
  CHECK_FALSE(is_well_formed_id("T0051"));
  CHECK_FALSE(is_well_formed_id("AML.T0051."));
  CHECK_FALSE(is_well_formed_id("AML.T0051.01"));
  CHECK_FALSE(is_well_formed_id("AML.T0051.0011"));
  CHECK_FALSE(is_well_formed_id("AML.T0051-001"));
  CHECK_FALSE(is_well_formed_id("AML.T00a1"));
  CHECK_FALSE(is_well_formed_id(" AML.T0051"));
  CHECK_FALSE(is_well_formed_id("AML.TA0005"));
}

TEST_CASE("atlas id - tactic id syntax") {
  CHECK(is_well_formed_tactic_id("AML.TA0005"));
  CHECK_FALSE(is_well_formed_tactic_id("AML.TA005"));
  CHECK_FALSE(is_well_formed_tactic_id("AML.T0005"));
  CHECK_FALSE(is_well_formed_tactic_id("AML.TA00050"));
}
