#pragma once
// Event time parsing. Both forms of the contract become integer nanoseconds since the Unix epoch:
//  - `time`: RFC 3339 ("2026-11-25T10:00:00.123456Z"; fraction of 0-9 digits; 'Z' or ±hh:mm;
//    't'/'z' and a space instead of 'T' accepted, as RFC 3339 allows). Years 1970-9999.
//  - `time_unix_nano`: a non-negative integer, or the same as a decimal string (OTLP JSON).
// No allocation, no locale, no libc time functions: these run once per event.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sigil {

std::optional<std::int64_t> parse_rfc3339_ns(std::string_view text);
std::optional<std::int64_t> parse_unix_nano_string(std::string_view digits);

// Formats nanoseconds as RFC 3339 UTC with 9 fraction digits into `out` (at least 30 bytes);
// returns the length written.
std::size_t format_rfc3339_ns(std::int64_t ns, char* out);

}  // namespace sigil
