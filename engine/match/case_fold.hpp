#pragma once
// Case folding for case-insensitive matching (Sigma's default; `|cased` opts out).
//
// Only ASCII letters are folded (A-Z -> a-z). Every other byte, including each byte of a non-ASCII
// UTF-8 sequence, is compared as is: "É" does not match "é". This is a known limit, chosen because
// it keeps folding a byte-to-byte function, so the Aho-Corasick automaton folds for free through its
// byte-class table and invalid UTF-8 in event text needs no special case. Simple folding of Latin-1
// Supplement / Latin Extended-A would make folding depend on the previous byte (the UTF-8 lead).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sigil::match {

constexpr unsigned char fold_byte(unsigned char b) {
  return (b >= 'A' && b <= 'Z') ? static_cast<unsigned char>(b + ('a' - 'A')) : b;
}

constexpr bool is_ascii_letter(unsigned char b) { return fold_byte(b) >= 'a' && fold_byte(b) <= 'z'; }

// Compile-time helper (allocates): the folded copy of `s`.
inline std::string fold_copy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(fold_byte(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace sigil::match
