#pragma once
// AhoCorasickSet: many literal patterns matched against one value, each relevant byte read once.
//
// In: LiteralPatterns at construction (compile time; allocates). Per event: a value's text.
// Out: the ids of the patterns that match, added to a caller-provided MatchIds.
//
// Thread safety: immutable after construction, shared by all threads; match() is const and
// allocation-free (given a warmed-up or prepare()d MatchIds).
//
// IMPLEMENTATION: patterns are split by anchoring into up to three automata:
//   head  equals + startswith  scans only the first max-pattern-length bytes of the text;
//   tail  endswith             restarts at the root max-pattern-length bytes before the end;
//   body  contains             scans the whole text, once.
// Each is a full DFA (goto + failure links resolved) over byte classes: the bytes that occur in
// its patterns get a class each, every other byte shares class 0, and 'A' and 'a' share a class,
// so folding costs nothing at match time. Cased patterns are entered folded too and confirmed
// against their exact bytes when found, so both case modes share one pass. Transitions hold the target
// row's offset, and emitting states are numbered last, so the inner loop is one add, one load and
// one (predictable) compare per byte. Memory: states x classes x 4 bytes per automaton (e.g. 5,000
// patterns of ~20 bytes: about 80k states; at ~60 classes, ~20 MB).

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/match/literal.hpp"
#include "engine/match/match_ids.hpp"

namespace sigil::match {

class AhoCorasickSet {
 public:
  // Throws std::length_error if an automaton would exceed 2^32 transition cells.
  explicit AhoCorasickSet(const std::vector<LiteralPattern>& patterns);
  ~AhoCorasickSet();
  AhoCorasickSet(AhoCorasickSet&&) noexcept;
  AhoCorasickSet& operator=(AhoCorasickSet&&) noexcept;

  // Adds to `out` the id of every pattern that matches `text` (does not clear `out`).
  void match(std::string_view text, MatchIds& out) const;

  // One past the largest id; pass it to MatchIds::prepare.
  std::uint32_t id_bound() const { return id_bound_; }
  std::size_t memory_bytes() const;

  class Automaton;  // aho_corasick_automaton.hpp

 private:
  std::unique_ptr<Automaton> head_, tail_, body_;  // null when the group has no pattern
  std::vector<std::uint32_t> empty_any_;     // empty contains/startswith/endswith: match any text
  std::vector<std::uint32_t> empty_equals_;  // equals "": match the empty text only
  std::uint32_t id_bound_ = 0;
};

}  // namespace sigil::match
