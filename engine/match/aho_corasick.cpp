#include "engine/match/aho_corasick.hpp"

#include <algorithm>

#include "engine/match/aho_corasick_automaton.hpp"

namespace sigil::match {

namespace {

enum Group { head, tail, body };

Group group_of(LiteralMode m) {
  switch (m) {
    case LiteralMode::equals:
    case LiteralMode::startswith: return head;
    case LiteralMode::endswith: return tail;
    case LiteralMode::contains: break;
  }
  return body;
}

}  // namespace

AhoCorasickSet::AhoCorasickSet(const std::vector<LiteralPattern>& patterns) {
  std::vector<const LiteralPattern*> split[3];  // [group]
  for (const LiteralPattern& p : patterns) {
    id_bound_ = std::max(id_bound_, p.id + 1);
    if (p.text.empty()) {
      (p.mode == LiteralMode::equals ? empty_equals_ : empty_any_).push_back(p.id);
      continue;
    }
    split[group_of(p.mode)].push_back(&p);
  }
  std::unique_ptr<Automaton>* groups[3] = {&head_, &tail_, &body_};
  for (int g = 0; g < 3; ++g)
    if (!split[g].empty()) *groups[g] = std::make_unique<Automaton>(split[g]);
}

AhoCorasickSet::~AhoCorasickSet() = default;
AhoCorasickSet::AhoCorasickSet(AhoCorasickSet&&) noexcept = default;
AhoCorasickSet& AhoCorasickSet::operator=(AhoCorasickSet&&) noexcept = default;

void AhoCorasickSet::match(std::string_view text, MatchIds& out) const {
  for (std::uint32_t id : empty_any_) out.insert(id);
  if (text.empty()) {
    for (std::uint32_t id : empty_equals_) out.insert(id);
    return;
  }
  const std::size_t n = text.size();
  // Anchored occurrences lie within max_length() bytes of their anchor, so only that window is read.
  if (head_) head_->scan(text, 0, std::min(n, head_->max_length()), out);
  if (tail_) tail_->scan(text, n - std::min(n, tail_->max_length()), n, out);
  if (body_) body_->scan_whole(text, out);
}

std::size_t AhoCorasickSet::memory_bytes() const {
  std::size_t total = sizeof(*this);
  for (const auto* a : {&head_, &tail_, &body_})
    if (*a) total += (*a)->memory_bytes();
  return total;
}

}  // namespace sigil::match
