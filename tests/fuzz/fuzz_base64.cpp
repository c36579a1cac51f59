// Fuzz target: the `base64` and `base64offset` modifiers (engine/match/base64.hpp).
// Input: the first byte chooses where the rest splits into the value and its neighbours.
// Properties:
//  - base64(v) is the RFC 4648 encoding of v (an independent encoder here) without '=' padding;
//  - for every shift i and any neighbours P (|P| = i mod 3) and S, base64offset(v)[i] occurs in
//    the encoding of P + v + S: the rule finds the value wherever it sits in encoded data.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/match/base64.hpp"
#include "fuzz_support.hpp"

namespace {

std::string reference_encode(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = acc << 8 | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  while (out.size() % 4) out += '=';
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = data[0] % (rest.size() + 1);
  const std::string_view value = rest.substr(0, cut);
  const std::string_view neighbours = rest.substr(cut);

  std::string want = reference_encode(value);
  while (!want.empty() && want.back() == '=') want.pop_back();
  const std::string got = sigil::match::base64(value);
  if (got != want) sigil_fuzz::fail("base64 differs from the reference", std::string(value));

  const auto offsets = sigil::match::base64offset(value);
  for (std::size_t i = 0; i < 3; ++i) {
    // A prefix of i (or i + 3) neighbour bytes and the rest as suffix.
    const std::size_t p = std::min(neighbours.size(), i + (neighbours.size() > 5 ? 3 : 0));
    if (p % 3 != i) continue;
    const std::string whole = std::string(neighbours.substr(0, p)) + std::string(value) + std::string(neighbours.substr(p));
    if (reference_encode(whole).find(offsets[i]) == std::string::npos)
      sigil_fuzz::fail("base64offset form not found in encoded data", offsets[i] + " shift " + std::to_string(i));
  }
  return 0;
}
