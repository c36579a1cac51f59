#pragma once
// Cidr and CidrSet: the `cidr` modifier. Networks are parsed at compile time; event values (IP
// address text) are matched per event.
//
// Every address is held as 128 bits: IPv4 a.b.c.d as the IPv4-mapped IPv6 ::ffff:a.b.c.d and an
// IPv4 prefix /n as /(96+n). So an IPv4 network matches both "10.1.2.3" and "::ffff:10.1.2.3".
// A network with host bits set ("10.0.0.1/8") is an error, as in pySigma (Python's ip_network).
//
// Thread safety: immutable after construction, shared by all threads; contains() and match() are
// const and allocation-free (parse_ip copies at most 63 bytes to the stack for inet_pton).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/match/match_ids.hpp"

namespace sigil::match {

struct IpAddress {
  std::uint64_t hi = 0, lo = 0;  // network byte order folded into two big-endian words
  bool is_v4() const { return hi == 0 && (lo >> 32) == 0xffff; }
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// Parses IPv4 dotted quad or IPv6 text (an IPv6 zone "%eth0" is ignored). Allocation-free.
std::optional<IpAddress> parse_ip(std::string_view text);

struct Cidr {
  IpAddress network;     // host bits zero
  std::uint8_t prefix;   // 0..128, in the IPv6 numbering (IPv4 /8 is 104)

  bool contains(const IpAddress& a) const;
};

// "10.0.0.0/8", "192.168.1.5" (/32), "fd00::/8", "::1" (/128); or an error text for the checker.
std::variant<Cidr, std::string> parse_cidr(std::string_view text);

class CidrSet {
 public:
  struct Entry {
    Cidr cidr;
    std::uint32_t id = 0;
  };
  explicit CidrSet(std::vector<Entry> entries);

  // True if `ip_text` is an address inside any network; false for non-address text.
  bool contains(std::string_view ip_text) const;
  // Adds the id of every network containing `ip_text` to `out`.
  void match(std::string_view ip_text, MatchIds& out) const;

  std::uint32_t id_bound() const { return id_bound_; }

 private:
  // Entries sorted by (prefix, network); one binary search per distinct prefix length.
  std::vector<Entry> entries_;
  std::vector<std::uint8_t> prefixes_;  // distinct prefix lengths, ascending
  std::uint32_t id_bound_ = 0;
};

}  // namespace sigil::match
