#include "engine/match/base64.hpp"

namespace sigil::match {

namespace {

std::string encode_padded(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(in[k])); };
  for (; i + 3 <= in.size(); i += 3) {
    const unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    const unsigned v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0u);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::string base64(std::string_view value) {
  std::string s = encode_padded(value);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::array<std::string, 3> base64offset(std::string_view value) {
  static constexpr std::size_t kStart[3] = {0, 2, 3};
  static constexpr std::size_t kEnd[3] = {0, 3, 2};
  std::array<std::string, 3> out;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string e = encode_padded(std::string(i, ' ') + std::string(value));
    const std::size_t end_trim = kEnd[(value.size() + i) % 3];
    // A value too short to leave a stable middle yields an empty string, as Python slicing does.
    if (e.size() >= kStart[i] + end_trim) out[i] = e.substr(kStart[i], e.size() - kStart[i] - end_trim);
  }
  return out;
}

}  // namespace sigil::match
