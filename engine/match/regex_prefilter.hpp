#pragma once
// RegexPrefilter: for each regex, the literal atoms any match must contain, in a form that is
// evaluated per text without allocating (by RegexSet, regex_set.hpp).
//
// In: patterns exactly as RE2 will run them ("(?i)" already prefixed for case-insensitive ones)
// and their RE2 options (compile time; allocates).
// Out: the distinct atoms (lowercase ASCII bytes) and, per pattern, either `unfiltered` (it has no
// usable atom: it must run on every text) or a list of terms, each a set of atom indices. A
// pattern can match a text only if, for at least one of its terms, every atom of the term occurs
// in the text after ASCII case folding. Atom kNonAscii (index 0, empty) stands for "the text holds
// a non-ASCII character"; the caller finds it by other means than text search.
//
// Soundness: the atoms and their AND/OR structure are RE2's own (FilteredRE2, re2/prefilter.cc).
// RE2 lowercases atoms with its Unicode tables and expects the caller to lowercase the text the
// same way; the callers here fold ASCII only, so (1) an atom holding non-ASCII characters is
// replaced by its ASCII runs and kNonAscii, which it implies, and (2) the two non-ASCII characters
// RE2 lowercases or case-folds to an ASCII letter, U+017F (long s -> s) and U+212A (Kelvin sign
// -> k), are given as kFoldsToAscii: a text holding one of them satisfies every filter (RegexSet
// runs every filtered pattern then). Both lists were found by trying every code point
// (tests/match/regex_prefilter_test.cpp keeps checking them).
//
// Atoms are at least kMinAtomLength bytes when that gives a filter; a pattern that has none that
// long (an alternation with a two-letter branch) is filtered with shorter atoms, down to 1.
//
// IMPLEMENTATION: FilteredRE2 exposes its AND/OR tree only through AllPotentials(atoms present)
// -> patterns that pass. Each pattern gets its own FilteredRE2 and its (monotone) filter is read
// back as its minimal passing atom sets: an OR of all atoms is recognized in k queries, anything
// else by Shannon expansion with pruning (a subcube where all undecided atoms present still fails
// holds no term; one where the fixed atoms alone pass is a term), about terms x atoms queries;
// past kMaxQueries a pattern keeps a weaker filter that is still sound: all of its required atoms
// as one term, or else any one of its atoms.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace sigil::match {

class RegexPrefilter {
 public:
  static constexpr int kMinAtomLength = 3;
  static constexpr int kMaxQueries = 512;
  static constexpr std::uint32_t kNonAscii = 0;
  static constexpr std::array<std::string_view, 2> kFoldsToAscii = {"\xc5\xbf", "\xe2\x84\xaa"};

  struct Filter {
    bool unfiltered = true;
    std::vector<std::vector<std::uint32_t>> terms;  // indices into atoms(); each sorted
  };

  // `options` must be the ones the patterns are run with (their encoding and flags shape the
  // atoms). Throws std::runtime_error if RE2 rejects a pattern.
  RegexPrefilter(const std::vector<std::string>& patterns, const RE2::Options& options);

  const std::vector<std::string>& atoms() const { return atoms_; }
  const std::vector<Filter>& filters() const { return filters_; }

 private:
  std::vector<std::string> atoms_;
  std::vector<Filter> filters_;
};

}  // namespace sigil::match
