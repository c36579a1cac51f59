#include "engine/match/cidr.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <tuple>

namespace sigil::match {

namespace {

IpAddress from_bytes(const unsigned char (&b)[16]) {
  IpAddress a;
  for (int i = 0; i < 8; ++i) a.hi = a.hi << 8 | b[i];
  for (int i = 8; i < 16; ++i) a.lo = a.lo << 8 | b[i];
  return a;
}

IpAddress masked(const IpAddress& a, unsigned prefix) {
  IpAddress m = a;
  if (prefix == 0) return {};
  if (prefix <= 64) {
    m.hi &= ~std::uint64_t{0} << (64 - prefix);
    m.lo = 0;
  } else if (prefix < 128) {
    m.lo &= ~std::uint64_t{0} << (128 - prefix);
  }
  return m;
}

bool by_network(const CidrSet::Entry& a, const CidrSet::Entry& b) {
  return std::tie(a.cidr.prefix, a.cidr.network) < std::tie(b.cidr.prefix, b.cidr.network);
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (const std::size_t zone = text.find('%'); zone != std::string_view::npos) text = text.substr(0, zone);
  char buf[64];
  // inet_pton reads a C string: an embedded NUL would hide what follows it.
  if (text.empty() || text.size() >= sizeof buf || std::memchr(text.data(), '\0', text.size()))
    return std::nullopt;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char bytes[16] = {};
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buf, bytes + 12) != 1) return std::nullopt;
    bytes[10] = bytes[11] = 0xff;
  } else if (inet_pton(AF_INET6, buf, bytes) != 1) {
    return std::nullopt;
  }
  return from_bytes(bytes);
}

bool Cidr::contains(const IpAddress& a) const { return masked(a, prefix) == network; }

std::variant<Cidr, std::string> parse_cidr(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string_view addr_text = text.substr(0, slash);
  if (addr_text.find('%') != std::string_view::npos)
    return "invalid network '" + std::string(text) + "': zone index not allowed";
  const std::optional<IpAddress> addr = parse_ip(addr_text);
  if (!addr) return "invalid network '" + std::string(text) + "': '" + std::string(addr_text) +
                    "' is not an IPv4 or IPv6 address";
  const bool v4 = addr_text.find(':') == std::string_view::npos;
  const unsigned max = v4 ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return "invalid network '" + std::string(text) + "': prefix length must be a number";
    prefix = 0;
    for (char c : digits) prefix = prefix * 10 + static_cast<unsigned>(c - '0');
    if (prefix > max)
      return "invalid network '" + std::string(text) + "': prefix length exceeds " + std::to_string(max);
  }
  const unsigned prefix128 = v4 ? prefix + 96 : prefix;
  if (masked(*addr, prefix128) != *addr)
    return "invalid network '" + std::string(text) + "': host bits set";
  return Cidr{*addr, static_cast<std::uint8_t>(prefix128)};
}

CidrSet::CidrSet(std::vector<Entry> entries) : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.cidr.prefix, a.cidr.network, a.id) < std::tie(b.cidr.prefix, b.cidr.network, b.id);
  });
  for (const Entry& e : entries_) {
    id_bound_ = std::max(id_bound_, e.id + 1);
    if (prefixes_.empty() || prefixes_.back() != e.cidr.prefix) prefixes_.push_back(e.cidr.prefix);
  }
}

void CidrSet::match(std::string_view ip_text, MatchIds& out) const {
  const std::optional<IpAddress> ip = parse_ip(ip_text);
  if (!ip) return;
  for (std::uint8_t p : prefixes_) {
    auto [lo, hi] = std::equal_range(entries_.begin(), entries_.end(), Entry{{masked(*ip, p), p}, 0}, by_network);
    for (; lo != hi; ++lo) out.insert(lo->id);
  }
}

bool CidrSet::contains(std::string_view ip_text) const {
  const std::optional<IpAddress> ip = parse_ip(ip_text);
  if (!ip) return false;
  for (std::uint8_t p : prefixes_)
    if (std::binary_search(entries_.begin(), entries_.end(), Entry{{masked(*ip, p), p}, 0}, by_network))
      return true;
  return false;
}

}  // namespace sigil::match
