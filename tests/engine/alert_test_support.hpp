#pragma once
// What the alert tests (alert_writer_test.cpp, alert_redaction_test.cpp) share: SHA-256 as hex,
// and one event normalized for real with a rule to render it as an alert.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "atlas/atlas_catalog.hpp"
#include "engine/alert/alert_writer.hpp"
#include "engine/alert/sha256.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/normalizer.hpp"

namespace sigil::test {

inline std::string hex(const std::array<std::uint8_t, 32>& digest) {
  std::string out;
  for (auto b : digest) out += fmt::format("{:02x}", b);
  return out;
}

inline std::string sha256_hex(std::string_view text) {
  Sha256 h;
  h.update(text);
  return hex(h.finish());
}

// One event (`line`, at offset 7 of "in.jsonl"), normalized for real with the builtin fields,
// `extra_paths` and every field materialized; `rule` is prompt_injection_override (high,
// AML.T0051.000).
struct AlertEvent {
  FieldPlan plan{FieldCatalog::builtin()};
  SourceTable sources;
  RawBatch batch;
  std::string scratch;
  Event event;
  RuleInfo rule;

  explicit AlertEvent(const std::string& line, std::initializer_list<std::string_view> extra_paths = {}) {
    for (std::string_view path : extra_paths) plan.add_path(path);
    plan.materialize_all();
    plan.freeze();
    sources.add(SourceTable::Type::file, "in.jsonl");
    batch.bytes = line;
    batch.records.push_back(RawRecord{0, line.size(), line.size(), {0, -1, 7}});
    scratch = line + '\0';
    Normalizer normalizer(plan, {});
    Rejection rejection;
    REQUIRE_MESSAGE(normalizer.normalize(batch, batch.records[0], scratch.data(), event, rejection),
                    rejection.message);
    rule.id = "prompt_injection_override";
    rule.title = "Instruction override";
    rule.severity = Severity::high;
    rule.atlas = {atlas::AtlasCatalog::builtin().find("AML.T0051.000")};
  }
};

}  // namespace sigil::test
