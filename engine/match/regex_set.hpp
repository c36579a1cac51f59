#pragma once
// RegexSet: all `re` patterns of one field, matched against a value with a literal prefilter.
//
// In: (pattern, id, cased) triples at construction (compile time; allocates; patterns should have
// passed check_regex, regex_check.hpp). Per event: a value's text, and the calling thread's
// RegexSet::Scratch.
// Out: the ids of matching patterns, added to a caller-provided MatchIds.
//
// Semantics: unanchored search (Sigma `re`: use ^ / $ to anchor), UTF-8, case-insensitive unless
// `cased` (a "(?i)" prefix). RE2 guarantees time linear in the text length, whatever the pattern:
// no backtracking, so a hostile rule or event cannot stall the engine. The result is exactly the
// set of patterns for which RE2 finds a match; the prefilter only skips patterns that cannot.
//
// IMPLEMENTATION: many patterns contain literal words a match must include (RegexPrefilter,
// regex_prefilter.hpp, from RE2's FilteredRE2). A pattern whose filter is selective (each way to
// satisfy it needs a word of at least `selective_atom_length` bytes, default 6) runs on its own
// RE2 only when one Aho-Corasick pass (ASCII case folding) has found what its filter needs. The
// other patterns ("unfiltered": no filter, or one made of words like "the", "show", "your" that
// common text satisfies anyway) run together in one RE2::Set with a hit list, except those with a
// long counted repetition, which run in small sets of their own (regex_set.cpp, kCountedGroupSize). A text holding a character RE2 folds to ASCII
// (RegexPrefilter::kFoldsToAscii) runs every filtered pattern.
//
// Thread safety: immutable after construction, shared by all threads; match() is const. Each
// thread passes its own Scratch, which holds its result buffers and its own copies of the RE2
// objects (made on first use: RE2's lazy DFA cache sits behind a lock shared by its users). With
// a warmed-up Scratch, match() does not allocate on a text that no unfiltered pattern matches
// (unless a DFA cache, bounded by its max_mem, fills and is reset); on one that does, RE2::Set's
// hit list costs one small SparseSet allocation. If the unfiltered patterns' set
// runs out of DFA memory on a text, they run one by one instead (the result stays complete:
// RE2::Set alone would report no match), counted in fallbacks(), and match() returns false.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/match/match_ids.hpp"

namespace re2 {
class RE2;
}

namespace sigil::match {

struct RegexPattern {
  std::string pattern;
  std::uint32_t id = 0;
  bool cased = false;
};

class RegexSet {
 public:
  static constexpr std::int64_t kDefaultMaxMem = 64 << 20;
  static constexpr std::size_t kSelectiveAtomLength = 6;

  // Per-thread state for match(); make one per thread and set (Scratch(set)) and keep it.
  class Scratch {
   public:
    explicit Scratch(const RegexSet& set);
    ~Scratch();
    Scratch(Scratch&&) noexcept;
    Scratch& operator=(Scratch&&) noexcept;

    // Patterns run on their own through this Scratch so far (the work the prefilter left).
    std::uint64_t runs() const { return runs_; }

   private:
    friend class RegexSet;
    struct Copies;
    Scratch(const RegexSet& set, bool shared);  // shared: use the set's own RE2 objects
    MatchIds atoms_;                   // atom indices found in the text (+ the fold marker)
    std::vector<std::uint32_t> tried_; // [pattern]: == stamp_ when its filter was evaluated
    std::uint32_t stamp_ = 0;
    std::uint64_t runs_ = 0;
    std::unique_ptr<Copies> copies_;   // this thread's RE2 objects
  };

  // Throws std::runtime_error with RE2's message if a pattern is invalid or the set too large.
  // `selective_atom_length`: see IMPLEMENTATION (tests lower it to exercise the prefilter).
  explicit RegexSet(const std::vector<RegexPattern>& patterns, std::int64_t max_mem = kDefaultMaxMem,
                    std::size_t selective_atom_length = kSelectiveAtomLength);
  ~RegexSet();
  RegexSet(RegexSet&&) noexcept;
  RegexSet& operator=(RegexSet&&) noexcept;

  // Adds to `out` the id of every matching pattern; false if the unfiltered patterns' set ran out
  // of DFA memory and they were run one by one. Uses out.re2_scratch() for RE2::Set's hits.
  bool match(std::string_view text, MatchIds& out, Scratch& scratch) const;
  // The same with a temporary Scratch (allocates: for tests and cold paths).
  bool match(std::string_view text, MatchIds& out) const;

  // Texts that needed the one-by-one fallback (a sign that max_mem is too small for the set).
  std::uint64_t fallbacks() const;

  std::uint32_t id_bound() const { return id_bound_; }
  std::size_t size() const;
  // The patterns as RE2 runs them ("(?i)" prefixed unless cased), in construction order.
  const std::vector<std::string>& patterns() const;
  // How the prefilter split the patterns (for `sigil plan`-like reports and tests).
  std::size_t unfiltered_count() const;
  std::size_t atom_count() const;
  // The RE2::Sets the unfiltered patterns run in: one for most, small ones for patterns with a
  // long counted repetition (x{0,40}), which multiply the DFA states of any set they are in.
  std::size_t set_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint32_t id_bound_ = 0;
};

}  // namespace sigil::match
