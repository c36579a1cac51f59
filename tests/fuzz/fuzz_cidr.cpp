// Fuzz target: the `cidr` modifier (engine/match/cidr.hpp).
// Input: lines; every line but the last is a network (parse_cidr), the last an address.
// Properties:
//  - parse_ip agrees with inet_pton (a zone "%..." ignored; IPv4 as ::ffff:a.b.c.d);
//  - a parsed network has prefix <= 128, no host bits, contains its own network address, and an
//    IPv4 network (no ':' in the text) has prefix >= 96;
//  - CidrSet::contains and CidrSet::match agree with checking every network one by one.

#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/match/cidr.hpp"
#include "fuzz_support.hpp"

using namespace sigil::match;

namespace {

std::optional<IpAddress> reference_ip(std::string_view text) {
  // As parse_ip: everything from '%' on is a zone and ignored (for IPv4 text too).
  if (auto percent = text.find('%'); percent != std::string_view::npos) text = text.substr(0, percent);
  if (text.size() > 63) return std::nullopt;
  std::string copy(text);
  if (copy.find('\0') != std::string::npos) return std::nullopt;
  unsigned char bytes[16] = {};
  if (inet_pton(AF_INET, copy.c_str(), bytes + 12) == 1) {
    bytes[10] = bytes[11] = 0xff;
  } else if (inet_pton(AF_INET6, copy.c_str(), bytes) != 1) {
    return std::nullopt;
  }
  IpAddress a;
  for (int i = 0; i < 8; ++i) a.hi = a.hi << 8 | bytes[i];
  for (int i = 8; i < 16; ++i) a.lo = a.lo << 8 | bytes[i];
  return a;
}

bool host_bits_zero(const Cidr& c) {
  auto mask_hi = c.prefix >= 64 ? ~0ULL : c.prefix == 0 ? 0 : ~0ULL << (64 - c.prefix);
  auto mask_lo = c.prefix <= 64 ? 0 : c.prefix >= 128 ? ~0ULL : ~0ULL << (128 - c.prefix);
  return (c.network.hi & ~mask_hi) == 0 && (c.network.lo & ~mask_lo) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  const std::string_view address = lines.back();
  lines.pop_back();

  for (std::string_view line : lines) {
    auto a = parse_ip(line), b = reference_ip(line);
    if (a != b) sigil_fuzz::fail("parse_ip disagrees with inet_pton", line);
  }
  auto a = parse_ip(address), b = reference_ip(address);
  if (a != b) sigil_fuzz::fail("parse_ip disagrees with inet_pton", address);

  std::vector<CidrSet::Entry> entries;
  for (std::string_view line : lines) {
    auto parsed = parse_cidr(line);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      if (error->empty()) sigil_fuzz::fail("parse_cidr error without a message", line);
      continue;
    }
    const Cidr c = std::get<Cidr>(parsed);
    if (c.prefix > 128 || !host_bits_zero(c) || !c.contains(c.network))
      sigil_fuzz::fail("parse_cidr returned a malformed network", line);
    if (line.find(':') == std::string_view::npos && c.prefix < 96)
      sigil_fuzz::fail("an IPv4 network with an IPv6-sized prefix", line);
    entries.push_back({c, static_cast<std::uint32_t>(entries.size() % 7)});
  }
  const std::vector<CidrSet::Entry> copy = entries;
  CidrSet set(std::move(entries));
  bool want = false;
  MatchIds want_ids, got_ids;
  if (a) {
    for (const auto& e : copy)
      if (e.cidr.contains(*a)) {
        want = true;
        want_ids.insert(e.id);
      }
  }
  if (set.contains(address) != want) sigil_fuzz::fail("CidrSet::contains disagrees with the networks", address);
  set.match(address, got_ids);
  if (got_ids.size() != want_ids.size()) sigil_fuzz::fail("CidrSet::match disagrees with the networks", address);
  for (std::uint32_t id : want_ids.ids())
    if (!got_ids.contains(id)) sigil_fuzz::fail("CidrSet::match misses a network", address);
  return 0;
}
