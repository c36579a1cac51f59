#include "engine/match/posix_tz.hpp"

#include <cctype>

#include "engine/match/civil_time.hpp"

namespace sigil::match {

namespace {

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  std::optional<int> number(int max_digits) {
    int v = 0, digits = 0;
    for (; digits < max_digits && std::isdigit(static_cast<unsigned char>(peek())); ++digits) v = v * 10 + (s[i++] - '0');
    if (digits == 0) return std::nullopt;
    return v;
  }
};

bool parse_name(Cursor& c) {
  if (c.eat('<')) {
    while (!c.done() && c.peek() != '>') ++c.i;
    return c.eat('>');
  }
  const std::size_t start = c.i;
  while (std::isalpha(static_cast<unsigned char>(c.peek()))) ++c.i;
  return c.i - start >= 3;
}

// [+-]h[h...][:mm[:ss]] in seconds; hours up to max_hours.
std::optional<std::int32_t> parse_hms(Cursor& c, int max_hours) {
  int sign = 1;
  if (c.eat('-')) sign = -1; else c.eat('+');
  const auto h = c.number(3);
  if (!h || *h > max_hours) return std::nullopt;
  int m = 0, s = 0;
  if (c.eat(':')) {
    const auto mm = c.number(2);
    if (!mm || *mm > 59) return std::nullopt;
    m = *mm;
    if (c.eat(':')) {
      const auto ss = c.number(2);
      if (!ss || *ss > 59) return std::nullopt;
      s = *ss;
    }
  }
  return sign * (*h * 3600 + m * 60 + s);
}

std::optional<PosixTzRule::Date> parse_date(Cursor& c) {
  PosixTzRule::Date d;
  if (c.eat('M')) {
    d.kind = PosixTzRule::Date::month_week_day;
    const auto m = c.number(2);
    if (!m || *m < 1 || *m > 12 || !c.eat('.')) return std::nullopt;
    const auto w = c.number(1);
    if (!w || *w < 1 || *w > 5 || !c.eat('.')) return std::nullopt;
    const auto wd = c.number(1);
    if (!wd || *wd > 6) return std::nullopt;
    d.month = *m, d.week = *w, d.weekday = *wd;
  } else if (c.eat('J')) {
    d.kind = PosixTzRule::Date::julian_no_leap;
    const auto n = c.number(3);
    if (!n || *n < 1 || *n > 365) return std::nullopt;
    d.n = *n;
  } else {
    d.kind = PosixTzRule::Date::zero_based;
    const auto n = c.number(3);
    if (!n || *n > 365) return std::nullopt;
    d.n = *n;
  }
  if (c.eat('/')) {
    const auto t = parse_hms(c, 167);
    if (!t) return std::nullopt;
    d.time = *t;
  }
  return d;
}

// Day number (since the epoch) on which `d` falls in `year`.
std::int64_t rule_day(const PosixTzRule::Date& d, std::int64_t year) {
  const std::int64_t jan1 = days_from_civil(year, 1, 1);
  switch (d.kind) {
    case PosixTzRule::Date::julian_no_leap:
      return jan1 + d.n - 1 + (is_leap_year(year) && d.n >= 60 ? 1 : 0);
    case PosixTzRule::Date::zero_based: return jan1 + d.n;
    case PosixTzRule::Date::month_week_day: break;
  }
  const auto month = static_cast<unsigned>(d.month);
  const std::int64_t first = days_from_civil(year, month, 1);
  const int first_wd = static_cast<int>(iso_weekday(first) % 7);  // 0 = Sunday, as POSIX counts
  std::int64_t day = first + (d.weekday - first_wd + 7) % 7 + (d.week - 1) * 7;
  while (day >= first + days_in_month(year, month)) day -= 7;  // week 5 = last
  return day;
}

}  // namespace

std::optional<PosixTzRule> PosixTzRule::parse(std::string_view spec) {
  Cursor c{spec};
  PosixTzRule r;
  if (!parse_name(c)) return std::nullopt;
  const auto std_west = parse_hms(c, 24);
  if (!std_west) return std::nullopt;
  r.std_offset_ = -*std_west;
  if (c.done()) return r;
  if (!parse_name(c)) return std::nullopt;
  r.has_dst_ = true;
  r.dst_offset_ = r.std_offset_ + 3600;
  if (c.peek() != ',' && !c.done()) {
    const auto dst_west = parse_hms(c, 24);
    if (!dst_west) return std::nullopt;
    r.dst_offset_ = -*dst_west;
  }
  if (!c.eat(',')) return std::nullopt;  // no rule: POSIX leaves the default implementation-defined
  const auto start = parse_date(c);
  if (!start || !c.eat(',')) return std::nullopt;
  const auto end = parse_date(c);
  if (!end || !c.done()) return std::nullopt;
  r.start_ = *start, r.end_ = *end;
  return r;
}

std::int32_t PosixTzRule::offset_at(std::int64_t t) const {
  if (!has_dst_) return std_offset_;
  const std::int64_t year = civil_from_days(floor_div(t + std_offset_, 86400)).year;
  // Transition instants in UTC: DST starts at a local standard time and ends at a local DST time.
  const std::int64_t start = rule_day(start_, year) * 86400 + start_.time - std_offset_;
  const std::int64_t end = rule_day(end_, year) * 86400 + end_.time - dst_offset_;
  const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace sigil::match
