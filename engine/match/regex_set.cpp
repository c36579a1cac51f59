#include "engine/match/regex_set.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

namespace sigil::match {

struct RegexSet::Impl {
  explicit Impl(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<std::uint32_t> ids;  // RE2 index -> pattern id
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
    if (impl_->set.Add(p.cased ? p.pattern : "(?i)" + p.pattern, &error) < 0)
      throw std::runtime_error("invalid regular expression '" + p.pattern + "': " + error);
    impl_->ids.push_back(p.id);
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
  if (!impl_->set.Match(re2::StringPiece(text.data(), text.size()), &hits, &info))
    return info.kind == RE2::Set::kNoError;
  for (int h : hits) out.insert(impl_->ids[static_cast<std::size_t>(h)]);
  return true;
}

}  // namespace sigil::match
