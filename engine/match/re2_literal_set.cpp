#include "engine/match/re2_literal_set.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

#include "engine/match/case_fold.hpp"

namespace sigil::match {

struct Re2LiteralSet::Impl {
  explicit Impl(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<std::uint32_t> ids;  // RE2 index -> pattern id
};

namespace {
RE2::Options latin1_options(std::int64_t max_mem) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_max_mem(max_mem);
  o.set_log_errors(false);
  return o;
}
}  // namespace

std::string Re2LiteralSet::to_regex(const LiteralPattern& p) {
  std::string re;
  if (p.mode == LiteralMode::equals || p.mode == LiteralMode::startswith) re += "\\A";
  for (char c : p.text) {
    const auto b = static_cast<unsigned char>(c);
    if (!p.cased && is_ascii_letter(b)) {
      re += '[';
      re += static_cast<char>(fold_byte(b));
      re += static_cast<char>(fold_byte(b) - ('a' - 'A'));
      re += ']';
    } else {
      re += RE2::QuoteMeta(re2::StringPiece(&c, 1));
    }
  }
  if (p.mode == LiteralMode::equals || p.mode == LiteralMode::endswith) re += "\\z";
  return re;
}

Re2LiteralSet::Re2LiteralSet(const std::vector<LiteralPattern>& patterns, std::int64_t max_mem)
    : impl_(std::make_unique<Impl>(latin1_options(max_mem))) {
  for (const LiteralPattern& p : patterns) {
    id_bound_ = std::max(id_bound_, p.id + 1);
    std::string error;
    if (impl_->set.Add(to_regex(p), &error) < 0)
      throw std::runtime_error("RE2 rejected literal pattern: " + error);
    impl_->ids.push_back(p.id);
  }
  if (!impl_->set.Compile()) throw std::runtime_error("RE2::Set compilation failed (max_mem too small?)");
}

Re2LiteralSet::~Re2LiteralSet() = default;
Re2LiteralSet::Re2LiteralSet(Re2LiteralSet&&) noexcept = default;
Re2LiteralSet& Re2LiteralSet::operator=(Re2LiteralSet&&) noexcept = default;

bool Re2LiteralSet::match(std::string_view text, MatchIds& out) const {
  if (impl_->ids.empty()) return true;  // RE2::Set refuses to match an empty set
  std::vector<int>& hits = out.re2_scratch();
  RE2::Set::ErrorInfo info{};
  const bool any = impl_->set.Match(re2::StringPiece(text.data(), text.size()), &hits, &info);
  if (!any) return info.kind == RE2::Set::kNoError;
  for (int h : hits) out.insert(impl_->ids[static_cast<std::size_t>(h)]);
  return true;
}

}  // namespace sigil::match
