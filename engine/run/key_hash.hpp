#pragma once
// The hash of a key: the values of some fields of an event (state keys, suppression keys).
// Stable across processes (FNV-1a over the values), so a key's shard and its snapshot entries
// are the same everywhere. Values only, not field names: a permission grant's target.user.id
// and the grantee's later user.id meet under one key.

#include <cstdint>
#include <span>

#include "engine/event/event.hpp"

namespace sigil::run_detail {

// First value of each field; an absent field differs from an empty string.
std::uint64_t key_hash(const Event& event, std::span<const FieldId> fields);

}  // namespace sigil::run_detail
