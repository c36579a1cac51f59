#pragma once
// One Aho-Corasick DFA over byte classes (internal to AhoCorasickSet; see aho_corasick.hpp).
//
// scan(text, begin, end) runs the DFA from the root over text[begin, end) and reports each
// occurrence whose anchoring holds relative to the WHOLE text (equals: it is the whole text;
// startswith: it starts at 0; endswith: it ends at text.size()). Immutable after construction.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/match/aho_corasick.hpp"
#include "engine/match/literal.hpp"
#include "engine/match/match_ids.hpp"

namespace sigil::match {

class AhoCorasickSet::Automaton {
 public:
  // `patterns` must be non-empty and each non-empty. All are entered folded; a cased pattern's
  // occurrence is then confirmed against its exact bytes, so one pass serves both case modes.
  explicit Automaton(const std::vector<const LiteralPattern*>& patterns);

  void scan(std::string_view text, std::size_t begin, std::size_t end, MatchIds& out) const;
  // scan(text, 0, text.size(), out), faster on long texts (two interleaved streams).
  void scan_whole(std::string_view text, MatchIds& out) const;

  std::size_t max_length() const { return max_length_; }
  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kMaxCells = 0xffff'ffffu;

  static constexpr std::uint32_t kFolded = 0xffff'ffffu;

  struct Output {
    std::uint32_t length;
    std::uint32_t id;
    std::uint32_t cased_text;  // offset of the exact bytes in cased_texts_, or kFolded
    LiteralMode mode;
  };

  void report(std::uint32_t state, std::size_t end, std::string_view text, MatchIds& out) const;

  std::array<std::uint8_t, 256> byte_class_{};
  std::uint32_t classes_ = 1;
  std::vector<std::uint32_t> delta_;        // [row offset + class] -> row offset of the next state
  std::uint32_t first_emitting_row_ = 0;    // states from here on emit; all before are silent
  std::vector<std::uint32_t> out_begin_;    // [state], size states + 1: own outputs
  std::vector<Output> outputs_;
  std::vector<std::uint32_t> dict_link_;    // [state]: nearest proper suffix state with outputs, or 0
  std::string cased_texts_;  // the exact bytes of the cased patterns, concatenated
  std::size_t max_length_ = 0;
};

}  // namespace sigil::match
