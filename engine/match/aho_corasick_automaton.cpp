#include "engine/match/aho_corasick_automaton.hpp"

#include <stdexcept>

#include "engine/match/case_fold.hpp"

namespace sigil::match {

namespace {
unsigned char at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
}  // namespace

AhoCorasickSet::Automaton::Automaton(const std::vector<const LiteralPattern*>& patterns, bool folded) {
  auto key = [folded](unsigned char b) { return folded ? fold_byte(b) : b; };

  // Byte classes: one per distinct (folded) byte used by a pattern; class 0 for all others.
  std::array<bool, 256> used{};
  for (const LiteralPattern* p : patterns)
    for (std::size_t i = 0; i < p->text.size(); ++i) used[key(at(p->text, i))] = true;
  for (int b = 0; b < 256; ++b)
    if (used[b]) byte_class_[b] = static_cast<std::uint8_t>(classes_++);
  for (int b = 0; b < 256; ++b) byte_class_[b] = byte_class_[key(static_cast<unsigned char>(b))];

  // Trie. While building, 0 in delta_ means "no edge" (no edge can lead back to the root).
  std::vector<std::vector<Output>> own(1);
  delta_.assign(classes_, 0);
  auto check_size = [this](std::size_t states) {
    if (states * classes_ > kRow) throw std::length_error("literal set too large for one automaton");
  };
  for (const LiteralPattern* p : patterns) {
    std::uint32_t s = 0;
    for (std::size_t i = 0; i < p->text.size(); ++i) {
      const std::uint32_t c = byte_class_[at(p->text, i)];
      if (delta_[s * classes_ + c] == 0) {
        const auto t = static_cast<std::uint32_t>(own.size());
        check_size(std::size_t{t} + 1);
        own.emplace_back();
        delta_.resize(delta_.size() + classes_, 0);
        delta_[s * classes_ + c] = t;
      }
      s = delta_[s * classes_ + c];
    }
    own[s].push_back({static_cast<std::uint32_t>(p->text.size()), p->id, p->mode});
    if (p->text.size() > max_length_) max_length_ = p->text.size();
  }

  // Breadth-first: failure links, then complete the DFA (missing edges follow the failure link).
  const std::size_t states = own.size();
  std::vector<std::uint32_t> fail(states, 0), order;
  order.reserve(states);
  dict_link_.assign(states, 0);
  for (std::uint32_t c = 0; c < classes_; ++c)
    if (std::uint32_t t = delta_[c]; t != 0) order.push_back(t);
  for (std::size_t head = 0; head < order.size(); ++head) {
    const std::uint32_t s = order[head];
    const std::uint32_t f = fail[s];
    dict_link_[s] = own[f].empty() ? dict_link_[f] : f;
    for (std::uint32_t c = 0; c < classes_; ++c) {
      std::uint32_t& edge = delta_[s * classes_ + c];
      if (edge != 0) {
        fail[edge] = delta_[f * classes_ + c];
        order.push_back(edge);
      } else {
        edge = delta_[f * classes_ + c];
      }
    }
  }

  // Flatten outputs; turn targets into row offsets flagged when the target (or a suffix) emits.
  out_begin_.reserve(states + 1);
  for (std::size_t s = 0; s < states; ++s) {
    out_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
    outputs_.insert(outputs_.end(), own[s].begin(), own[s].end());
  }
  out_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
  for (std::uint32_t& edge : delta_) {
    const bool emits = !own[edge].empty() || dict_link_[edge] != 0;
    edge = edge * classes_ | (emits ? kEmits : 0);
  }
}

void AhoCorasickSet::Automaton::scan(std::string_view text, std::size_t begin, std::size_t end,
                                     MatchIds& out) const {
  const std::uint32_t* delta = delta_.data();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t s = 0;
  for (std::size_t i = begin; i < end; ++i) {
    s = delta[(s & kRow) + byte_class_[p[i]]];
    if (s & kEmits) [[unlikely]]
      report((s & kRow) / classes_, i + 1, text.size(), out);
  }
}

void AhoCorasickSet::Automaton::report(std::uint32_t state, std::size_t end, std::size_t text_size,
                                       MatchIds& out) const {
  for (; state != 0; state = dict_link_[state]) {
    for (std::uint32_t k = out_begin_[state]; k < out_begin_[state + 1]; ++k) {
      const Output& o = outputs_[k];
      const bool at_start = end == o.length;
      const bool at_end = end == text_size;
      bool ok = true;
      switch (o.mode) {
        case LiteralMode::contains: break;
        case LiteralMode::startswith: ok = at_start; break;
        case LiteralMode::endswith: ok = at_end; break;
        case LiteralMode::equals: ok = at_start && at_end; break;
      }
      if (ok) out.insert(o.id);
    }
  }
}

std::size_t AhoCorasickSet::Automaton::memory_bytes() const {
  return delta_.size() * sizeof(std::uint32_t) + out_begin_.size() * sizeof(std::uint32_t) +
         outputs_.size() * sizeof(Output) + dict_link_.size() * sizeof(std::uint32_t) + sizeof(*this);
}

}  // namespace sigil::match
