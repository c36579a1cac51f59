#include "engine/match/regex_set.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>

#include "engine/match/aho_corasick.hpp"
#include "engine/match/regex_prefilter.hpp"

namespace sigil::match {

namespace {

RE2::Options utf8_options(std::int64_t max_mem) {
  RE2::Options o;
  o.set_max_mem(max_mem);
  o.set_log_errors(false);
  return o;
}

// A single pattern gets RE2's default budget (its program and DFA cache), bounded by the set's;
// a pattern too large for it gets the set's whole budget, as check_regex allowed.
constexpr std::int64_t kSingleMaxMem = 8 << 20;

// Unfiltered patterns per RE2::Set. RE2's lazy DFA for a set builds a state per combination of
// partial matches it meets, so one pattern with a long counted gap (`\b(print|show)\b[^\n]{0,40}
// \b(rules|text)\b`: a state per position in the gap, times every other pattern's partial
// match) can make a whole set build new states on nearly every byte of new text. Such patterns
// ("counted", has_long_counted_repetition) go in small sets of their own; the rest share one set.
// Callgrind, 2,000 generated prompts, the 155 shipped prompt.text patterns: all in one set 1,145
// instructions per byte; the 22 counted in sets of 8 and the others in one set 348 in total.
// Sets of about 8 were best (engine/match/README.md has the sweep).
constexpr std::size_t kGroupSize = 256;
constexpr std::size_t kCountedGroupSize = 8;
constexpr unsigned kLongRepetition = 10;

// Compressed rows: the items of row r are items[begin[r], begin[r + 1]).
struct Rows {
  std::vector<std::uint32_t> begin{0};
  std::vector<std::uint32_t> items;
  void end_row() { begin.push_back(static_cast<std::uint32_t>(items.size())); }
  const std::uint32_t* first(std::size_t r) const { return items.data() + begin[r]; }
  const std::uint32_t* last(std::size_t r) const { return items.data() + begin[r + 1]; }
};

// True if `pattern` (RE2 syntax) repeats something at least kLongRepetition times by count:
// x{10}, x{10,}, x{0,40}. A syntactic scan, not a parse: escapes (\x{..}, \p{..}, \Q..\E) and
// character classes are skipped so their braces do not count; anything odd only costs speed.
bool has_long_counted_repetition(std::string_view pattern) {
  auto number = [&](std::size_t& i, unsigned& value) {
    const std::size_t start = i;
    value = 0;
    for (; i < pattern.size() && pattern[i] >= '0' && pattern[i] <= '9'; ++i)
      value = std::min(value * 10 + static_cast<unsigned>(pattern[i] - '0'), 100000u);
    return i > start;
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 >= pattern.size()) break;
      const char e = pattern[++i];
      if (e == 'Q') {
        const std::size_t end = pattern.find("\\E", i);
        if (end == std::string_view::npos) break;
        i = end + 1;
      } else if ((e == 'x' || e == 'p' || e == 'P') && i + 1 < pattern.size() && pattern[i + 1] == '{') {
        const std::size_t end = pattern.find('}', i);
        if (end == std::string_view::npos) break;
        i = end;
      }
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;  // a leading ']' is a member
      for (; j < pattern.size() && pattern[j] != ']'; ++j) {
        if (pattern[j] == '\\') {
          ++j;
          if (j + 1 < pattern.size() && (pattern[j] == 'x' || pattern[j] == 'p' || pattern[j] == 'P') &&
              pattern[j + 1] == '{')
            j = std::min(pattern.find('}', j), pattern.size() - 1);
        } else if (pattern[j] == '[' && j + 1 < pattern.size() && pattern[j + 1] == ':') {
          j = std::min(pattern.find(":]", j + 2), pattern.size() - 1) + 1;  // [:alpha:]
        }
      }
      i = j;
    } else if (c == '{') {
      std::size_t j = i + 1;
      unsigned least = 0, most = 0;  // {least}, {least,}, {least,most}
      if (!number(j, least)) continue;
      if (j < pattern.size() && pattern[j] == ',') number(++j, most);
      if (j < pattern.size() && pattern[j] == '}' && std::max(least, most) >= kLongRepetition) return true;
    }
  }
  return false;
}

}  // namespace

struct RegexSet::Impl {
  RE2::Options options;               // the unfiltered patterns' set
  std::vector<RE2::Options> single_options;  // [pattern]
  std::vector<std::string> patterns;  // as run: "(?i)" prefixed unless cased
  std::vector<std::uint32_t> ids;     // pattern index -> pattern id
  std::vector<std::unique_ptr<RE2>> singles;  // shared copies (Scratch-less match, templates)

  // Prefilter. Atom i is reported by `atom_scan` as id i; kFoldsToAscii as id fold_marker.
  std::unique_ptr<AhoCorasickSet> atom_scan;  // null when no pattern is filtered
  std::uint32_t fold_marker = 0;
  Rows watchers;      // atom -> filtered patterns with a term holding it
  Rows terms_of;      // pattern -> its terms (indices into term_atoms rows)
  Rows term_atoms;    // term -> its atoms
  std::vector<std::uint32_t> unfiltered;      // pattern indices
  Rows group_members;                         // group -> its unfiltered patterns (pattern indices)
  std::vector<std::unique_ptr<RE2::Set>> groups;  // one RE2::Set per group

  mutable std::atomic<std::uint64_t> fallbacks{0};

  std::size_t group_count() const { return group_members.begin.size() - 1; }
  // Groups of at most `size` of `patterns`, in order.
  void add_groups(const std::vector<std::uint32_t>& patterns, std::size_t size) {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      group_members.items.push_back(patterns[i]);
      if ((i + 1) % size == 0 || i + 1 == patterns.size()) group_members.end_row();
    }
  }
  std::unique_ptr<RE2::Set> make_group(std::size_t g) const {
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const std::uint32_t* member = group_members.first(g); member != group_members.last(g); ++member) {
      const std::uint32_t p = *member;
      std::string error;
      if (set->Add(patterns[p], &error) < 0)
        throw std::runtime_error("invalid regular expression '" + patterns[p] + "': " + error);
    }
    if (!set->Compile()) throw std::runtime_error("regular expression set exceeds max_mem");
    return set;
  }

  bool holds(std::uint32_t pattern, const MatchIds& atoms) const {
    for (const std::uint32_t* t = terms_of.first(pattern); t != terms_of.last(pattern); ++t)
      if (std::all_of(term_atoms.first(*t), term_atoms.last(*t), [&](std::uint32_t a) { return atoms.contains(a); }))
        return true;
    return false;
  }
};

// The RE2 objects a Scratch uses: its own copies, made on first use from the shared patterns, or
// (for the Scratch-less match) the shared ones.
struct RegexSet::Scratch::Copies {
  std::vector<const RE2*> singles;  // [pattern], null until first use
  std::vector<const RE2::Set*> groups;  // null until first use
  std::vector<std::unique_ptr<RE2>> owned;
  std::vector<std::unique_ptr<RE2::Set>> owned_groups;
};

RegexSet::Scratch::Scratch(const RegexSet& set) : Scratch(set, false) {}

RegexSet::Scratch::Scratch(const RegexSet& set, bool shared)
    : tried_(set.impl_->patterns.size(), 0), copies_(std::make_unique<Copies>()) {
  const Impl& m = *set.impl_;
  atoms_.prepare(std::size_t{m.fold_marker} + 1);
  copies_->singles.resize(m.patterns.size(), nullptr);
  if (!shared) copies_->groups.resize(m.group_count(), nullptr);
  if (shared) {
    for (std::size_t p = 0; p < m.singles.size(); ++p) copies_->singles[p] = m.singles[p].get();
    for (const auto& g : m.groups) copies_->groups.push_back(g.get());
  }
}
RegexSet::Scratch::~Scratch() = default;
RegexSet::Scratch::Scratch(Scratch&&) noexcept = default;
RegexSet::Scratch& RegexSet::Scratch::operator=(Scratch&&) noexcept = default;

RegexSet::RegexSet(const std::vector<RegexPattern>& patterns, std::int64_t max_mem, std::size_t selective_atom_length)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = utf8_options(max_mem);
  for (const RegexPattern& p : patterns) {
    id_bound_ = std::max(id_bound_, p.id + 1);
    m.patterns.push_back(p.cased ? p.pattern : "(?i)" + p.pattern);
    m.ids.push_back(p.id);
    RE2::Options options = utf8_options(std::min(max_mem, kSingleMaxMem));
    auto re = std::make_unique<RE2>(m.patterns.back(), options);
    if (!re->ok() && re->error_code() == RE2::ErrorPatternTooLarge) {
      options = m.options;
      re = std::make_unique<RE2>(m.patterns.back(), options);
    }
    if (!re->ok()) throw std::runtime_error("invalid regular expression '" + p.pattern + "': " + re->error());
    m.single_options.push_back(options);
    m.singles.push_back(std::move(re));
  }

  const RegexPrefilter prefilter(m.patterns, m.options);
  const std::size_t atom_count = prefilter.atoms().size();
  // A filter is selective when each of its terms needs a long atom; the others pass on most texts
  // (words like "the", "show", "your"; kNonAscii, on every non-English text), and their patterns
  // are cheaper in the set of unfiltered patterns than one by one. Short atoms and kNonAscii are
  // left out of the selective terms (weaker, still sound), so the atom scan only looks for long
  // ones.
  auto long_atom = [&](std::uint32_t a) {
    return a != RegexPrefilter::kNonAscii && prefilter.atoms()[a].size() >= selective_atom_length;
  };
  auto selective = [&](const RegexPrefilter::Filter& f) {
    return !f.unfiltered && std::all_of(f.terms.begin(), f.terms.end(), [&](const std::vector<std::uint32_t>& t) {
      return std::any_of(t.begin(), t.end(), long_atom);
    });
  };
  // A text holding a character RE2 folds to ASCII (kFoldsToAscii) can match without the atoms an
  // ASCII scan finds: the scan reports it as atom fold_marker, and every filter gets the term
  // {fold_marker}, so such a text satisfies every filter.
  m.fold_marker = static_cast<std::uint32_t>(atom_count);
  std::vector<std::vector<std::uint32_t>> watchers(atom_count + 1);
  std::vector<bool> used(atom_count, false);
  for (std::uint32_t p = 0; p < m.patterns.size(); ++p) {
    const RegexPrefilter::Filter& f = prefilter.filters()[p];
    if (!selective(f)) {
      m.unfiltered.push_back(p);
      m.terms_of.end_row();
      continue;
    }
    for (const std::vector<std::uint32_t>& term : f.terms) {
      m.terms_of.items.push_back(static_cast<std::uint32_t>(m.term_atoms.begin.size() - 1));
      for (std::uint32_t a : term) {
        if (!long_atom(a)) continue;  // weakens the term (still sound); keeps the scan small
        m.term_atoms.items.push_back(a);
        used[a] = true;
        if (watchers[a].empty() || watchers[a].back() != p) watchers[a].push_back(p);
      }
      m.term_atoms.end_row();
    }
    m.terms_of.items.push_back(static_cast<std::uint32_t>(m.term_atoms.begin.size() - 1));
    m.term_atoms.items.push_back(m.fold_marker);
    m.term_atoms.end_row();
    watchers[m.fold_marker].push_back(p);
    m.terms_of.end_row();
  }
  for (const std::vector<std::uint32_t>& w : watchers) {
    m.watchers.items.insert(m.watchers.items.end(), w.begin(), w.end());
    m.watchers.end_row();
  }
  if (m.unfiltered.size() < m.patterns.size()) {
    std::vector<LiteralPattern> literals;
    for (std::uint32_t a = 0; a < atom_count; ++a)
      if (a != RegexPrefilter::kNonAscii && used[a]) literals.push_back({prefilter.atoms()[a], LiteralMode::contains, false, a});
    for (std::string_view s : RegexPrefilter::kFoldsToAscii)
      literals.push_back({std::string(s), LiteralMode::contains, true, m.fold_marker});
    m.atom_scan = std::make_unique<AhoCorasickSet>(literals);
  }
  std::vector<std::uint32_t> dense, counted;
  for (std::uint32_t p : m.unfiltered) (has_long_counted_repetition(m.patterns[p]) ? counted : dense).push_back(p);
  m.add_groups(dense, kGroupSize);
  m.add_groups(counted, kCountedGroupSize);
  for (std::size_t g = 0; g < m.group_count(); ++g) m.groups.push_back(m.make_group(g));
}

RegexSet::~RegexSet() = default;
RegexSet::RegexSet(RegexSet&&) noexcept = default;
RegexSet& RegexSet::operator=(RegexSet&&) noexcept = default;

bool RegexSet::match(std::string_view text, MatchIds& out, Scratch& scratch) const {
  const Impl& m = *impl_;
  const re2::StringPiece piece(text.data(), text.size());
  Scratch::Copies& own = *scratch.copies_;
  auto run = [&](std::uint32_t p) {
    const RE2*& re = own.singles[p];
    if (!re) re = own.owned.emplace_back(std::make_unique<RE2>(m.patterns[p], m.single_options[p])).get();  // first use
    ++scratch.runs_;
    if (re->Match(piece, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) out.insert(m.ids[p]);
  };

  if (m.atom_scan) {
    MatchIds& atoms = scratch.atoms_;
    atoms.clear();
    m.atom_scan->match(text, atoms);
    if (++scratch.stamp_ == 0) {
      std::fill(scratch.tried_.begin(), scratch.tried_.end(), 0);
      scratch.stamp_ = 1;
    }
    for (std::uint32_t a : atoms.ids())
      for (const std::uint32_t* p = m.watchers.first(a); p != m.watchers.last(a); ++p) {
        if (scratch.tried_[*p] == scratch.stamp_) continue;
        scratch.tried_[*p] = scratch.stamp_;
        if (m.holds(*p, atoms)) run(*p);
      }
  }

  bool complete = true;
  std::vector<int>& hits = out.re2_scratch();
  for (std::size_t g = 0; g < own.groups.size(); ++g) {
    const RE2::Set*& set = own.groups[g];
    if (!set) set = own.owned_groups.emplace_back(m.make_group(g)).get();  // first use
    RE2::Set::ErrorInfo info{};
    // Without a hit list RE2::Set stops at the first match and allocates nothing, and a text that
    // no pattern matches ends there; one that matches pays a second pass for the hit list (which
    // allocates a SparseSet per call).
    if (!set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) continue;
    info = {};
    if (set->Match(piece, &hits, &info)) {
      for (int h : hits) out.insert(m.ids[m.group_members.first(g)[h]]);
    } else if (info.kind != RE2::Set::kNoError) {
      // Out of DFA memory: slower, but never a silent miss.
      m.fallbacks.fetch_add(1, std::memory_order_relaxed);
      for (const std::uint32_t* member = m.group_members.first(g); member != m.group_members.last(g); ++member)
        run(*member);
      complete = false;
    }
  }
  return complete;
}

bool RegexSet::match(std::string_view text, MatchIds& out) const {
  Scratch scratch(*this, true);
  return match(text, out, scratch);
}

std::uint64_t RegexSet::fallbacks() const { return impl_->fallbacks.load(std::memory_order_relaxed); }
std::size_t RegexSet::size() const { return impl_->patterns.size(); }
const std::vector<std::string>& RegexSet::patterns() const { return impl_->patterns; }
std::size_t RegexSet::unfiltered_count() const { return impl_->unfiltered.size(); }
std::size_t RegexSet::atom_count() const { return impl_->fold_marker; }
std::size_t RegexSet::set_count() const { return impl_->group_count(); }

}  // namespace sigil::match
