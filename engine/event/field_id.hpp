#pragma once
#include <cstdint>

namespace sigil {
// Dense index of a field path in a FieldPlan; indexes Event slots.
using FieldId = std::uint32_t;
inline constexpr FieldId kNoField = 0xFFFFFFFFu;
}  // namespace sigil
