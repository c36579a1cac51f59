#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "engine/match/cidr.hpp"

using namespace sigil::match;

namespace {
Cidr cidr(std::string_view text) {
  auto r = parse_cidr(text);
  INFO(text);
  REQUIRE(std::holds_alternative<Cidr>(r));
  return std::get<Cidr>(r);
}
std::string error(std::string_view text) {
  auto r = parse_cidr(text);
  INFO(text);
  REQUIRE(std::holds_alternative<std::string>(r));
  return std::get<std::string>(r);
}
bool in(std::string_view net, std::string_view ip) {
  const auto a = parse_ip(ip);
  return a && cidr(net).contains(*a);
}
}  // namespace

TEST_CASE("cidr - parse networks and single addresses") {
  CHECK(cidr("10.0.0.0/8").prefix == 96 + 8);
  CHECK(cidr("192.168.1.5").prefix == 128);
  CHECK(cidr("fd00::/8").prefix == 8);
  CHECK(cidr("::1").prefix == 128);
  CHECK(cidr("0.0.0.0/0").prefix == 96);
  CHECK(cidr("::/0").prefix == 0);
}

TEST_CASE("cidr - bad input gets an error text") {
  CHECK(error("10.0.0.0/33").find("prefix length exceeds 32") != std::string::npos);
  CHECK(error("fd00::/129").find("exceeds 128") != std::string::npos);
  CHECK(error("10.0.0.1/8").find("host bits set") != std::string::npos);
  CHECK(error("10.0.0/8").find("not an IPv4 or IPv6 address") != std::string::npos);
  CHECK(error("10.0.0.0/").find("prefix length must be a number") != std::string::npos);
  CHECK(error("10.0.0.0/+8").find("prefix length must be a number") != std::string::npos);
  CHECK(error("").find("not an IPv4") != std::string::npos);
  CHECK(error("fe80::1%eth0").find("zone") != std::string::npos);
}

TEST_CASE("cidr - containment, IPv4 and IPv6, boundaries") {
  CHECK(in("10.0.0.0/8", "10.255.255.255"));
  CHECK_FALSE(in("10.0.0.0/8", "11.0.0.0"));
  CHECK(in("192.168.1.5", "192.168.1.5"));
  CHECK_FALSE(in("192.168.1.5", "192.168.1.6"));
  CHECK(in("fd00::/8", "fdff:1::2"));
  CHECK_FALSE(in("fd00::/8", "fe00::1"));
  CHECK(in("::1", "::1"));
  CHECK(in("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff"));
  CHECK_FALSE(in("2001:db8::/64", "2001:db8:0:1::"));
  CHECK(in("2001:db8::/65", "2001:db8::7fff:ffff:ffff:ffff"));
  CHECK_FALSE(in("2001:db8::/65", "2001:db8::8000:0:0:0"));
}

TEST_CASE("cidr - IPv4-mapped IPv6 matches IPv4 networks; IPv4 does not match ::/0-less v6 nets") {
  CHECK(in("10.0.0.0/8", "::ffff:10.1.2.3"));
  CHECK(in("0.0.0.0/0", "::ffff:1.2.3.4"));
  CHECK_FALSE(in("0.0.0.0/0", "::1"));
  CHECK_FALSE(in("fd00::/8", "10.1.2.3"));
  CHECK(in("::/0", "10.1.2.3"));
}

TEST_CASE("cidr set - many networks, ids, non-address text") {
  std::vector<CidrSet::Entry> entries;
  for (int i = 0; i < 200; ++i)
    entries.push_back({cidr("10." + std::to_string(i) + ".0.0/16"), static_cast<std::uint32_t>(i)});
  entries.push_back({cidr("10.0.0.0/8"), 500});
  entries.push_back({cidr("fd00::/8"), 501});
  entries.push_back({cidr("10.7.0.0/16"), 502});  // same network, another id
  const CidrSet set(std::move(entries));
  CHECK(set.id_bound() == 503);
  MatchIds ids;
  set.match("10.7.1.1", ids);
  std::vector<std::uint32_t> got(ids.ids().begin(), ids.ids().end());
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::uint32_t>{7, 500, 502});
  CHECK(set.contains("10.250.0.1"));     // only the /8
  CHECK(set.contains("::ffff:10.3.0.9"));
  CHECK(set.contains("fd12::1"));
  CHECK(set.contains("fe80::1%eth0") == false);
  CHECK_FALSE(set.contains("11.0.0.1"));
  CHECK_FALSE(set.contains("not an ip"));
  CHECK_FALSE(set.contains(""));
  CHECK_FALSE(set.contains(std::string(100, '1')));
  CHECK_FALSE(set.contains(std::string_view("10.0.0.1\0x", 10)));
}
