#include "engine/match/time_zone.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <cctype>

namespace sigil::match {

namespace {

// "+02:00", "-05:30", "+0200", "+02": seconds east, or nullopt.
std::optional<std::int32_t> parse_fixed_offset(std::string_view s) {
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':' && i == 3) continue;
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    digits += s[i];
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  const int h = std::stoi(digits.substr(0, 2));
  const int m = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  if (h > 23 || m > 59) return std::nullopt;
  return sign * (h * 3600 + m * 60);
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool has(std::size_t n) const { return b_.size() - pos_ >= n; }
  std::int64_t be(int bytes) {
    std::uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v = v << 8 | static_cast<unsigned char>(b_[pos_++]);
    if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  void skip(std::size_t n) { pos_ += n; }
  std::string_view rest() const { return b_.substr(pos_); }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

struct Header {
  char version;
  std::uint32_t isut, isstd, leap, time, type, chars;
  std::size_t body_size(int time_size) const {
    return std::size_t{time} * time_size + time + std::size_t{type} * 6 + chars +
           std::size_t{leap} * (time_size + 4) + isstd + isut;
  }
};

std::optional<Header> read_header(Reader& r) {
  if (!r.has(44) || r.rest().substr(0, 4) != "TZif") return std::nullopt;
  Header h;
  h.version = r.rest()[4];
  r.skip(20);
  h.isut = static_cast<std::uint32_t>(r.be(4));
  h.isstd = static_cast<std::uint32_t>(r.be(4));
  h.leap = static_cast<std::uint32_t>(r.be(4));
  h.time = static_cast<std::uint32_t>(r.be(4));
  h.type = static_cast<std::uint32_t>(r.be(4));
  h.chars = static_cast<std::uint32_t>(r.be(4));
  if (h.type == 0) return std::nullopt;
  return h;
}

}  // namespace

TimeZone TimeZone::utc() { return fixed(0, "UTC"); }

TimeZone TimeZone::fixed(std::int32_t offset_seconds, std::string name) {
  TimeZone z;
  z.name_ = std::move(name);
  z.initial_offset_ = offset_seconds;
  return z;
}

std::variant<TimeZone, std::string> TimeZone::from_tzif(std::string_view bytes, std::string name) {
  Reader r(bytes);
  auto h = read_header(r);
  if (!h) return "time zone '" + name + "': not a TZif file";
  int time_size = 4;
  if (h->version >= '2') {  // skip the 32-bit section; the 64-bit one follows with its own header
    if (!r.has(h->body_size(4))) return "time zone '" + name + "': truncated TZif file";
    r.skip(h->body_size(4));
    h = read_header(r);
    if (!h) return "time zone '" + name + "': malformed TZif version 2+ header";
    time_size = 8;
  }
  if (!r.has(h->body_size(time_size))) return "time zone '" + name + "': truncated TZif file";

  TimeZone z;
  z.name_ = std::move(name);
  z.transitions_.resize(h->time);
  for (auto& t : z.transitions_) t = r.be(time_size);
  std::vector<std::uint8_t> type_of(h->time);
  for (auto& i : type_of) i = static_cast<std::uint8_t>(r.be(1));
  std::vector<std::int32_t> type_offset(h->type);
  for (auto& off : type_offset) {
    off = static_cast<std::int32_t>(r.be(4));
    r.skip(2);  // isdst, abbreviation index
  }
  r.skip(h->chars + std::size_t{h->leap} * (time_size + 4) + h->isstd + h->isut);
  for (std::size_t i = 0; i < type_of.size(); ++i) {
    if (type_of[i] >= h->type) return "time zone '" + z.name_ + "': transition to an undefined type";
    z.offsets_.push_back(type_offset[type_of[i]]);
  }
  if (!std::is_sorted(z.transitions_.begin(), z.transitions_.end()))
    return "time zone '" + z.name_ + "': transitions out of order";
  z.initial_offset_ = type_offset[0];

  if (time_size == 8) {  // footer: "\n" POSIX-TZ "\n"
    const std::string_view rest = r.rest();
    if (rest.size() >= 2 && rest[0] == '\n') {
      const std::size_t nl = rest.find('\n', 1);
      if (nl != std::string_view::npos && nl > 1) z.footer_ = PosixTzRule::parse(rest.substr(1, nl - 1));
    }
  }
  return z;
}

std::variant<TimeZone, std::string> TimeZone::load(std::string_view name, std::string_view zoneinfo_dir) {
  if (name == "UTC" || name == "Z") return utc();
  if (const auto off = parse_fixed_offset(name)) return fixed(*off, std::string(name));
  const bool safe = !name.empty() && name.front() != '/' && name.find("..") == std::string_view::npos &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                             c == '-' || c == '+';
                    });
  if (!safe) return "unknown time zone '" + std::string(name) + "'";
  const std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return "unknown time zone '" + std::string(name) + "' (no " + path + "; is tzdata installed?)";
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return from_tzif(bytes, std::string(name));
}

std::int32_t TimeZone::offset_at(std::int64_t t) const {
  if (transitions_.empty() || t < transitions_.front())
    return transitions_.empty() && footer_ ? footer_->offset_at(t) : initial_offset_;
  if (footer_ && t >= transitions_.back()) return footer_->offset_at(t);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return offsets_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

}  // namespace sigil::match
