#include "dsl/check/vocabulary.hpp"

#include <cctype>
#include <string>

namespace sigil::dsl::check {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> index_of(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<RuleSeverity> parse_severity(std::string_view text) {
  return index_of<RuleSeverity>(kSeverityNames, text);
}
std::optional<RuleStatus> parse_status(std::string_view text) { return index_of<RuleStatus>(kStatusNames, text); }
std::optional<TimePart> parse_time_part(std::string_view text) { return index_of<TimePart>(kTimePartNames, text); }

std::string_view severity_name(RuleSeverity severity) { return kSeverityNames[static_cast<std::size_t>(severity)]; }
std::string_view status_name(RuleStatus status) { return kStatusNames[static_cast<std::size_t>(status)]; }
std::string_view time_part_name(TimePart part) { return kTimePartNames[static_cast<std::size_t>(part)]; }

std::optional<int> parse_weekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays = {"monday", "tuesday",  "wednesday", "thursday",
                                                            "friday", "saturday", "sunday"};
  std::string word = lower(text);
  for (std::size_t i = 0; i < kDays.size(); ++i)
    if (word == kDays[i] || word == kDays[i].substr(0, 3)) return static_cast<int>(i) + 1;
  return std::nullopt;
}

TimePartRange time_part_range(TimePart part) {
  switch (part) {
    case TimePart::hour: return {0, 23};
    case TimePart::minute: return {0, 59};
    case TimePart::weekday: return {1, 7};
    case TimePart::day: return {1, 31};
    case TimePart::month: return {1, 12};
    case TimePart::year: return {1970, 9999};
  }
  return {0, 0};
}

std::string kind_names(KindMask kinds) {
  std::string out;
  for (std::size_t i = 0; i < kKindCount; ++i)
    if (kinds & kind_bit(static_cast<Kind>(i))) {
      if (!out.empty()) out += ", ";
      out += kKindNames[i];
    }
  return out;
}

}  // namespace sigil::dsl::check
