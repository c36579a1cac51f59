#pragma once
// "Did you mean" for small closed vocabularies (kinds, severities, selection names): the
// candidate closest by edit distance, if it is close enough to be a plausible typo.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sigil::dsl::check {

// The closest candidate within max(2, |word| / 3) edits, or nothing. Ties: the first candidate.
std::optional<std::string> closest_name(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace sigil::dsl::check
