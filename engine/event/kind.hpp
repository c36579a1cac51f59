#pragma once
// The nine kinds of AI telemetry event (schemas/README.md). Dense, so a kind indexes arrays.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sigil {

enum class Kind : std::uint8_t {
  prompt,
  guardrail,
  retrieval,
  agent_action,
  system_prompt,
  token_usage,
  api_call,
  model_response,
  audit,
};

inline constexpr std::size_t kKindCount = 9;

inline constexpr std::array<std::string_view, kKindCount> kKindNames = {
    "prompt",   "guardrail", "retrieval",      "agent_action", "system_prompt",
    "token_usage", "api_call", "model_response", "audit"};

constexpr std::string_view kind_name(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

constexpr std::optional<Kind> parse_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindCount; ++i)
    if (kKindNames[i] == text) return static_cast<Kind>(i);
  return std::nullopt;
}

// A set of kinds, one bit per kind.
using KindMask = std::uint16_t;
inline constexpr KindMask kAllKinds = (1u << kKindCount) - 1;
constexpr KindMask kind_bit(Kind kind) { return static_cast<KindMask>(1u << static_cast<unsigned>(kind)); }

}  // namespace sigil
