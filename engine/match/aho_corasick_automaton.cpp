#include "engine/match/aho_corasick_automaton.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/match/case_fold.hpp"

namespace sigil::match {

namespace {
unsigned char at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
}  // namespace

AhoCorasickSet::Automaton::Automaton(const std::vector<const LiteralPattern*>& patterns) {
  auto key = [](unsigned char b) { return fold_byte(b); };

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
    if (states * classes_ > kMaxCells) throw std::length_error("literal set too large for one automaton");
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
    Output o{static_cast<std::uint32_t>(p->text.size()), p->id, kFolded, p->mode};
    if (p->cased) {
      o.cased_text = static_cast<std::uint32_t>(cased_texts_.size());
      cased_texts_ += p->text;
    }
    own[s].push_back(o);
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

  // Renumber states so that every emitting state (own outputs, or a suffix with outputs) comes
  // after every silent one: the scan loop then detects emission by comparing the row offset with
  // a threshold, off the load-to-load dependency chain. The root stays 0 (it never emits).
  std::vector<std::uint32_t> renumber(states);
  std::uint32_t next = 0;
  auto emits = [&](std::size_t s) { return !own[s].empty() || dict_link_[s] != 0; };
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t s = 0; s < states; ++s)
      if (emits(s) == (pass == 1)) renumber[s] = next++;
  std::vector<std::uint32_t> delta(delta_.size()), dict(states);
  std::vector<std::vector<Output>> outputs_of(states);
  first_emitting_row_ = static_cast<std::uint32_t>(states * classes_);
  for (std::size_t s = 0; s < states; ++s) {
    const std::uint32_t n = renumber[s];
    if (emits(s)) first_emitting_row_ = std::min(first_emitting_row_, n * classes_);
    for (std::uint32_t c = 0; c < classes_; ++c) delta[n * classes_ + c] = renumber[delta_[s * classes_ + c]] * classes_;
    dict[n] = renumber[dict_link_[s]];
    outputs_of[n] = std::move(own[s]);
  }
  delta_ = std::move(delta);
  dict_link_ = std::move(dict);
  out_begin_.reserve(states + 1);
  for (std::size_t s = 0; s < states; ++s) {
    out_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
    outputs_.insert(outputs_.end(), outputs_of[s].begin(), outputs_of[s].end());
  }
  out_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
}

void AhoCorasickSet::Automaton::scan(std::string_view text, std::size_t begin, std::size_t end,
                                     MatchIds& out) const {
  const std::uint32_t* delta = delta_.data();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t s = 0;
  for (std::size_t i = begin; i < end; ++i) {
    s = delta[s + byte_class_[p[i]]];
    if (s >= first_emitting_row_) [[unlikely]]
      report(s / classes_, i + 1, text, out);
  }
}

void AhoCorasickSet::Automaton::scan_whole(std::string_view text, MatchIds& out) const {
  // Each byte costs a load that depends on the previous one, so one stream is bound by load
  // latency. Two streams over the halves overlap their latencies. The second starts from the root
  // max_length_ - 1 bytes before the middle, so an occurrence that ends in the second half lies
  // entirely in its range; occurrences found by both are reported twice, which MatchIds absorbs.
  const std::size_t n = text.size();
  if (n < 32 || n < 4 * max_length_) return scan(text, 0, n, out);
  const std::size_t mid = n / 2;
  const std::size_t b_begin = mid - (max_length_ - 1);
  const std::size_t steps = mid;  // stream b has n - b_begin >= mid steps
  const std::uint32_t* delta = delta_.data();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t a = 0, b = 0;
  for (std::size_t k = 0; k < steps; ++k) {
    a = delta[a + byte_class_[p[k]]];
    b = delta[b + byte_class_[p[b_begin + k]]];
    if (a >= first_emitting_row_) [[unlikely]]
      report(a / classes_, k + 1, text, out);
    if (b >= first_emitting_row_) [[unlikely]]
      report(b / classes_, b_begin + k + 1, text, out);
  }
  for (std::size_t i = b_begin + steps; i < n; ++i) {
    b = delta[b + byte_class_[p[i]]];
    if (b >= first_emitting_row_) [[unlikely]]
      report(b / classes_, i + 1, text, out);
  }
}

void AhoCorasickSet::Automaton::report(std::uint32_t state, std::size_t end, std::string_view text,
                                       MatchIds& out) const {
  const std::size_t text_size = text.size();
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
      // Cased patterns were found folded; confirm the exact bytes.
      if (ok && o.cased_text != kFolded)
        ok = text.substr(end - o.length, o.length) == cased_texts_.substr(o.cased_text, o.length);
      if (ok) out.insert(o.id);
    }
  }
}

std::size_t AhoCorasickSet::Automaton::memory_bytes() const {
  return delta_.size() * sizeof(std::uint32_t) + out_begin_.size() * sizeof(std::uint32_t) +
         outputs_.size() * sizeof(Output) + cased_texts_.size() + dict_link_.size() * sizeof(std::uint32_t) + sizeof(*this);
}

}  // namespace sigil::match
