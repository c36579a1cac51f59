#pragma once
// RegexSet: all `re` patterns of one field in one RE2::Set, matched in one pass per value.
//
// In: (pattern, id, cased) triples at construction (compile time; allocates; patterns should have
// passed check_regex, regex_check.hpp). Per event: a value's text.
// Out: the ids of matching patterns, added to a caller-provided MatchIds.
//
// Semantics: unanchored search (Sigma `re`: use ^ / $ to anchor), UTF-8, case-insensitive unless
// `cased` (a "(?i)" prefix). RE2 guarantees time linear in the text length, whatever the pattern:
// no backtracking, so a hostile rule or event cannot stall the engine.
//
// Thread safety: immutable after construction, shared by all threads; match() is const. It is not
// allocation-free, inherently: RE2::Set::Match allocates a small SparseSet per call, and its lazy
// DFA takes a lock and grows its state cache, bounded by max_mem (2/3 of which is DFA budget).
// If the DFA runs out of memory on a text, match() runs every pattern on its own instead (slow,
// but the result is complete: RE2::Set alone would report no match), counts it in fallbacks(),
// and returns false.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/match/match_ids.hpp"

namespace sigil::match {

struct RegexPattern {
  std::string pattern;
  std::uint32_t id = 0;
  bool cased = false;
};

class RegexSet {
 public:
  static constexpr std::int64_t kDefaultMaxMem = 64 << 20;

  // Throws std::runtime_error with RE2's message if a pattern is invalid or the set too large.
  explicit RegexSet(const std::vector<RegexPattern>& patterns, std::int64_t max_mem = kDefaultMaxMem);
  ~RegexSet();
  RegexSet(RegexSet&&) noexcept;
  RegexSet& operator=(RegexSet&&) noexcept;

  // Adds to `out` the id of every matching pattern; false if the set's DFA ran out of memory and
  // the patterns were run one by one.
  bool match(std::string_view text, MatchIds& out) const;
  // Texts that needed the one-by-one fallback (a sign that max_mem is too small for the set).
  std::uint64_t fallbacks() const;

  std::uint32_t id_bound() const { return id_bound_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint32_t id_bound_ = 0;
};

}  // namespace sigil::match
