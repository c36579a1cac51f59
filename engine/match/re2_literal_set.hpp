#pragma once
// Re2LiteralSet: the AhoCorasickSet interface on top of one RE2::Set, kept to compare the two
// (tests cross-check them; bench/micro/literal_match_bench.cpp times them). The compiler uses
// AhoCorasickSet (literal_set.hpp); see engine/match/README.md for the figures.
//
// Each literal becomes one regex: bytes quoted (RE2::QuoteMeta), \A / \z for the anchoring, and for
// folded patterns each ASCII letter becomes a class such as [aA]. The set is compiled in Latin-1
// mode so that a pattern byte matches exactly that text byte: this reproduces case_fold.hpp's
// ASCII-only folding exactly ((?i) would also fold Unicode letters) and treats invalid UTF-8 text
// as plain bytes, like the automaton.
//
// Thread safety: immutable after construction, shared by all threads; match() is const. It is NOT
// allocation-free: RE2::Set::Match allocates a SparseSet per call and its lazily built DFA takes
// a lock and grows its cache. match() returns false if the DFA ran out of memory (max_mem).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/match/literal.hpp"
#include "engine/match/match_ids.hpp"

namespace re2 { class RE2; }

namespace sigil::match {

class Re2LiteralSet {
 public:
  static constexpr std::int64_t kDefaultMaxMem = 256 << 20;

  // Throws std::runtime_error if RE2 rejects the set (e.g. it exceeds max_mem).
  explicit Re2LiteralSet(const std::vector<LiteralPattern>& patterns,
                         std::int64_t max_mem = kDefaultMaxMem);
  ~Re2LiteralSet();
  Re2LiteralSet(Re2LiteralSet&&) noexcept;
  Re2LiteralSet& operator=(Re2LiteralSet&&) noexcept;

  // Adds to `out` the id of every matching pattern; false if RE2 ran out of DFA memory.
  bool match(std::string_view text, MatchIds& out) const;

  std::uint32_t id_bound() const { return id_bound_; }

  // The regex that stands for `p` (exposed for tests and diagnostics).
  static std::string to_regex(const LiteralPattern& p);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint32_t id_bound_ = 0;
};

}  // namespace sigil::match
