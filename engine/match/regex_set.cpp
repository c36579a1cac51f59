#include "engine/match/regex_set.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>

namespace sigil::match {

struct RegexSet::Impl {
  explicit Impl(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<std::uint32_t> ids;  // RE2 index -> pattern id
  // The same patterns one by one, for when the set's DFA runs out of memory on a text (RE2::Set
  // has no fallback of its own: it would report no match at all).
  std::vector<std::unique_ptr<RE2>> singles;
  mutable std::atomic<std::uint64_t> fallbacks{0};
};

namespace {
RE2::Options utf8_options(std::int64_t max_mem) {
  RE2::Options o;
  o.set_max_mem(max_mem);
  o.set_log_errors(false);
  return o;
}
}  // namespace

RegexSet::RegexSet(const std::vector<RegexPattern>& patterns, std::int64_t max_mem)
    : impl_(std::make_unique<Impl>(utf8_options(max_mem))) {
  for (const RegexPattern& p : patterns) {
    id_bound_ = std::max(id_bound_, p.id + 1);
    std::string error;
    std::string pattern = p.cased ? p.pattern : "(?i)" + p.pattern;
    if (impl_->set.Add(pattern, &error) < 0)
      throw std::runtime_error("invalid regular expression '" + p.pattern + "': " + error);
    impl_->ids.push_back(p.id);
    impl_->singles.push_back(std::make_unique<RE2>(pattern, utf8_options(max_mem)));
  }
  if (!impl_->set.Compile()) throw std::runtime_error("regular expression set exceeds max_mem");
}

RegexSet::~RegexSet() = default;
RegexSet::RegexSet(RegexSet&&) noexcept = default;
RegexSet& RegexSet::operator=(RegexSet&&) noexcept = default;

bool RegexSet::match(std::string_view text, MatchIds& out) const {
  if (impl_->ids.empty()) return true;  // RE2::Set refuses to match an empty set
  std::vector<int>& hits = out.re2_scratch();
  RE2::Set::ErrorInfo info{};
  re2::StringPiece piece(text.data(), text.size());
  if (!impl_->set.Match(piece, &hits, &info)) {
    if (info.kind == RE2::Set::kNoError) return true;  // no pattern matched
    // Out of DFA memory: slower, but never a silent miss.
    impl_->fallbacks.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < impl_->singles.size(); ++i)
      if (RE2::PartialMatch(piece, *impl_->singles[i])) out.insert(impl_->ids[i]);
    return false;
  }
  for (int h : hits) out.insert(impl_->ids[static_cast<std::size_t>(h)]);
  return true;
}

std::uint64_t RegexSet::fallbacks() const { return impl_->fallbacks.load(std::memory_order_relaxed); }

}  // namespace sigil::match
