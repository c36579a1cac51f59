#pragma once
// Why an input record was not evaluated. Each reason has a stable code (used in dead-letter
// records, counters and docs) that never changes meaning.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sigil {

enum class RejectReason : std::uint8_t {
  invalid_json,
  invalid_utf8,
  too_large,
  too_deep,
  unknown_kind,
  unsupported_schema_version,
  missing_field,
  wrong_type,
  duplicate_field,
  invalid_time,
  late,  // behind the watermark (stateful evaluation)
};

inline constexpr std::size_t kRejectReasonCount = 11;

inline constexpr std::array<std::string_view, kRejectReasonCount> kRejectReasonCodes = {
    "invalid_json", "invalid_utf8",    "too_large",       "too_deep",      "unknown_kind",
    "unsupported_schema_version",      "missing_field",   "wrong_type",    "duplicate_field",
    "invalid_time", "late"};

constexpr std::string_view reject_code(RejectReason reason) {
  return kRejectReasonCodes[static_cast<std::size_t>(reason)];
}

}  // namespace sigil
