#pragma once
// TimeZone: UTC offset at an instant, for the time-part modifiers (hour, weekday, ...).
//
// Loaded at compile time (allocates, may read a file); offset_at() is then allocation-free.
// Names: "UTC" / "Z" (built in, needs no tzdata), fixed offsets "+02:00" / "-05:30" / "+0200",
// and IANA names ("Europe/Paris") read from the system zoneinfo (Debian package `tzdata`).
//
// IANA zones come from TZif files (RFC 8536): the 64-bit section of version 2+ files (version 1
// files: the 32-bit one), transitions and their local time types; before the first transition
// type 0 applies; after the last one, the POSIX TZ footer rule (DST included, posix_tz.hpp), or the
// last type if the footer is absent or not understood. Leap-second records ("right/" zones) are
// ignored: event times are POSIX time.
//
// Thread safety: immutable after construction, shared by all threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/match/posix_tz.hpp"

namespace sigil::match {

class TimeZone {
 public:
  static TimeZone utc();
  static TimeZone fixed(std::int32_t offset_seconds, std::string name);

  // A name as above; an error text if it is unknown or its file is unreadable or malformed.
  static std::variant<TimeZone, std::string> load(std::string_view name,
                                                  std::string_view zoneinfo_dir = "/usr/share/zoneinfo");
  // The zone described by TZif bytes (load() reads the file and calls this; tests use it too).
  static std::variant<TimeZone, std::string> from_tzif(std::string_view bytes, std::string name);

  // Seconds east of UTC at `unix_seconds`.
  std::int32_t offset_at(std::int64_t unix_seconds) const;

  const std::string& name() const { return name_; }

 private:
  TimeZone() = default;

  std::string name_;
  std::int32_t initial_offset_ = 0;        // before the first transition (or always, if none)
  std::vector<std::int64_t> transitions_;  // ascending, unix seconds
  std::vector<std::int32_t> offsets_;      // offset in force from transitions_[i]
  std::optional<PosixTzRule> footer_;      // after the last transition
};

}  // namespace sigil::match
