#pragma once
// One Aho-Corasick DFA over byte classes (internal to AhoCorasickSet; see aho_corasick.hpp).
//
// scan(text, begin, end) runs the DFA from the root over text[begin, end) and reports each
// occurrence whose anchoring holds relative to the WHOLE text (equals: it is the whole text;
// startswith: it starts at 0; endswith: it ends at text.size()). Immutable after construction.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/match/aho_corasick.hpp"
#include "engine/match/literal.hpp"
#include "engine/match/match_ids.hpp"

namespace sigil::match {

class AhoCorasickSet::Automaton {
 public:
  // `patterns` must be non-empty, all non-empty, all of the same case mode `folded`.
  Automaton(const std::vector<const LiteralPattern*>& patterns, bool folded);

  void scan(std::string_view text, std::size_t begin, std::size_t end, MatchIds& out) const;

  std::size_t max_length() const { return max_length_; }
  std::size_t memory_bytes() const;

 private:
  static constexpr std::uint32_t kEmits = 0x8000'0000u;
  static constexpr std::uint32_t kRow = 0x7fff'ffffu;

  struct Output {
    std::uint32_t length;
    std::uint32_t id;
    LiteralMode mode;
  };

  void report(std::uint32_t state, std::size_t end, std::size_t text_size, MatchIds& out) const;

  std::array<std::uint8_t, 256> byte_class_{};
  std::uint32_t classes_ = 1;
  std::vector<std::uint32_t> delta_;        // [state * classes_ + class] -> row offset | kEmits
  std::vector<std::uint32_t> out_begin_;    // [state], size states + 1: own outputs
  std::vector<Output> outputs_;
  std::vector<std::uint32_t> dict_link_;    // [state]: nearest proper suffix state with outputs, or 0
  std::size_t max_length_ = 0;
};

}  // namespace sigil::match
