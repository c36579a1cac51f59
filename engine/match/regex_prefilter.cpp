#include "engine/match/regex_prefilter.hpp"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace sigil::match {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// One pattern's filter as a membership oracle over its own atoms.
class Oracle {
 public:
  Oracle(const std::string& pattern, const RE2::Options& options, int min_atom_length) : filter_(min_atom_length) {
    int id = 0;
    if (filter_.Add(pattern, options, &id) != RE2::NoError)
      throw std::runtime_error("invalid regular expression '" + pattern + "'");
    filter_.Compile(&atoms_);
  }
  const std::vector<std::string>& atoms() const { return atoms_; }
  int queries() const { return queries_; }

  bool passes(const std::vector<int>& present) {
    ++queries_;
    filter_.AllPotentials(present, &passed_);
    return !passed_.empty();
  }

 private:
  re2::FilteredRE2 filter_;
  std::vector<std::string> atoms_;
  std::vector<int> passed_;
  int queries_ = 0;
};

// Minimal passing sets of a monotone filter by Shannon expansion over atoms [next, k); atoms
// below `next` are decided: present if in `fixed`. Returns false when the query budget ran out.
bool expand(Oracle& oracle, std::vector<int>& fixed, int next, int k, std::vector<std::vector<int>>& terms) {
  if (oracle.queries() > RegexPrefilter::kMaxQueries) return false;
  std::vector<int> all = fixed;
  for (int a = next; a < k; ++a) all.push_back(a);
  if (!oracle.passes(all)) return true;  // no term in this subcube
  if (oracle.passes(fixed)) {
    terms.push_back(fixed);
    return true;
  }
  // fixed fails and fixed + the undecided atoms passes: next < k.
  if (!expand(oracle, fixed, next + 1, k, terms)) return false;
  fixed.push_back(next);
  bool ok = expand(oracle, fixed, next + 1, k, terms);
  fixed.pop_back();
  return ok;
}

bool is_subset(const std::vector<int>& small, const std::vector<int>& big) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// Keeps the minimal terms only (a superset of a term adds nothing).
void minimize(std::vector<std::vector<int>>& terms) {
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<std::vector<int>> kept;
  for (auto& t : terms)
    if (std::none_of(kept.begin(), kept.end(), [&](const auto& k) { return is_subset(k, t); }))
      kept.push_back(std::move(t));
  terms = std::move(kept);
}

// A sound filter when the exact one is too large to read back: the required atoms (each one the
// filter cannot pass without), or else any single atom (the filter fails with none present).
std::vector<std::vector<int>> weaker_terms(Oracle& oracle, int k) {
  std::vector<int> required;
  for (int a = 0; a < k; ++a) {
    std::vector<int> others;
    for (int b = 0; b < k; ++b)
      if (b != a) others.push_back(b);
    if (!oracle.passes(others)) required.push_back(a);
  }
  if (!required.empty()) return {required};
  std::vector<std::vector<int>> any;
  for (int a = 0; a < k; ++a) any.push_back({a});
  return any;
}

std::vector<std::vector<int>> read_back(Oracle& oracle) {
  const int k = static_cast<int>(oracle.atoms().size());
  // The common shape first, in k queries: an OR of all atoms (each alone passes). Anything else,
  // an AND of all atoms included, by expansion.
  std::vector<std::vector<int>> terms;
  bool each_alone = true;
  for (int a = 0; a < k && each_alone; ++a) each_alone = oracle.passes({a});
  if (each_alone) {
    for (int a = 0; a < k; ++a) terms.push_back({a});
    return terms;
  }
  std::vector<int> fixed;
  if (!expand(oracle, fixed, 0, k, terms)) terms = weaker_terms(oracle, k);
  minimize(terms);
  return terms;
}

}  // namespace

RegexPrefilter::RegexPrefilter(const std::vector<std::string>& patterns, const RE2::Options& options) {
  std::map<std::string, std::uint32_t, std::less<>> atom_index;
  atoms_.emplace_back();  // kNonAscii: found by the caller, not as text
  auto index_of = [&](std::string_view atom) {
    auto [it, inserted] = atom_index.try_emplace(std::string(atom), static_cast<std::uint32_t>(atoms_.size()));
    if (inserted) atoms_.emplace_back(atom);
    return it->second;
  };
  for (const std::string& pattern : patterns) {
    Filter& filter = filters_.emplace_back();
    // Longer atoms filter better; a pattern whose filter needs shorter ones uses those.
    for (int min_length = kMinAtomLength; min_length >= 1 && filter.unfiltered; --min_length) {
      Oracle oracle(pattern, options, min_length);
      if (oracle.passes({})) continue;  // no atom of this length needed
      for (const std::vector<int>& term : read_back(oracle)) {
        // Into field-wide atoms. An atom with non-ASCII characters becomes its ASCII runs plus
        // kNonAscii (the text has a non-ASCII character): weaker, and sound with ASCII folding.
        std::vector<std::uint32_t> mapped;
        for (int a : term) {
          const std::string& atom = oracle.atoms()[static_cast<std::size_t>(a)];
          if (is_ascii(atom)) {
            mapped.push_back(index_of(atom));
            continue;
          }
          mapped.push_back(kNonAscii);
          for (std::size_t i = 0; i < atom.size();) {
            std::size_t j = i;
            while (j < atom.size() && static_cast<unsigned char>(atom[j]) < 0x80) ++j;
            if (j > i) mapped.push_back(index_of(std::string_view(atom).substr(i, j - i)));
            i = j + 1;
          }
        }
        std::sort(mapped.begin(), mapped.end());
        mapped.erase(std::unique(mapped.begin(), mapped.end()), mapped.end());
        filter.terms.push_back(std::move(mapped));
      }
      filter.unfiltered = filter.terms.empty();
    }
  }
}

}  // namespace sigil::match
