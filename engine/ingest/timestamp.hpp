#pragma once
// Event time parsing. Both forms of the contract become integer nanoseconds since the Unix epoch:
//  - `time`: RFC 3339 ("2026-11-25T10:00:00.123456Z"; seconds required; an optional fraction of
//    one or more digits; 'Z' or ±hh:mm, the offset applied; 't'/'z' and a space instead of 'T'
//    accepted, as RFC 3339 allows). Years 1970-9999 are accepted by the grammar, but the result
//    must lie in [0, INT64_MAX] ns, so in practice 1970-01-01T00:00:00Z to
//    2262-04-11T23:47:16.854775807Z; an offset that moves the instant before the epoch rejects it.
//    Decisions where RFC 3339 leaves room:
//      * Fraction digits past the ninth are truncated (not rounded, not rejected): RFC 3339
//        allows any precision and nanoseconds are all we keep.
//      * A leap second ":60" is accepted in any minute and counts as the start of the next
//        second: "2016-12-31T23:59:60Z" == "2017-01-01T00:00:00Z" (the usual Unix-time folding).
//      * Month lengths and leap years are checked (2024-02-29 valid, 2026-02-29 not).
//  - `time_unix_nano`: a non-negative integer, or the same as a decimal string (OTLP JSON):
//    1-19 ASCII digits, no sign or whitespace, values above INT64_MAX rejected.
// No allocation, no locale, no libc time functions: these run once per event.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sigil {

std::optional<std::int64_t> parse_rfc3339_ns(std::string_view text);
std::optional<std::int64_t> parse_unix_nano_string(std::string_view digits);

// Formats nanoseconds as RFC 3339 UTC with 9 fraction digits and 'Z' into `out` (at least 30
// bytes), e.g. "2026-11-25T10:00:00.123456000Z"; returns the length written (always 30, no NUL).
// Negative values are clamped to 0 (1970-01-01T00:00:00.000000000Z).
std::size_t format_rfc3339_ns(std::int64_t ns, char* out);

}  // namespace sigil
