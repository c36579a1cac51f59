#include "engine/state/new_terms.hpp"

#include <algorithm>
#include <limits>

#include "engine/state/hash.hpp"

namespace sigil::state {
namespace {
constexpr std::uint8_t kVersion = 1;
}

NewTermsTracker::NewTermsTracker(std::size_t max_per_key, std::size_t max_total)
    : max_per_key_(std::max<std::size_t>(max_per_key, 1)), max_total_(std::max<std::size_t>(max_total, 1)) {}

void NewTermsTracker::append(Index key, Index term) {
  KeyInfo& k = keys_.value(key);
  Term& t = terms_.value(term);
  t.older = k.newest;
  t.newer = npos;
  (k.newest == npos ? k.oldest : terms_.value(k.newest).newer) = term;
  k.newest = term;
  ++k.count;
}

void NewTermsTracker::remove(Index term) {
  const Term t = terms_.value(term);
  const Index key = keys_.find(t.key_hash);
  KeyInfo& k = keys_.value(key);
  (t.older == npos ? k.oldest : terms_.value(t.older).newer) = t.newer;
  (t.newer == npos ? k.newest : terms_.value(t.newer).older) = t.older;
  if (--k.count == 0) keys_.erase(key);
  terms_.erase(term);
}

NewTermsTracker::Index NewTermsTracker::insert(std::uint64_t key_hash, std::uint64_t combined, TimeNs last_seen,
                                               TimeNs clock) {
  Index key = keys_.find(key_hash);
  if (key == npos) key = keys_.insert(key_hash, 0);
  const Index term = terms_.insert(combined, clock, Term{key_hash, last_seen, npos, npos});
  append(key, term);
  return term;
}

bool NewTermsTracker::observe(std::uint64_t key_hash, std::uint64_t value_hash, TimeNs time, TimeNs horizon) {
  clock_ = std::max(clock_, time);
  const std::uint64_t combined = hash_combine(key_hash, value_hash);
  const Index found = terms_.find(combined);
  if (found != npos) {
    Term& t = terms_.value(found);
    const bool is_new = t.last_seen <= window_floor(time, horizon);
    t.last_seen = std::max(t.last_seen, time);
    terms_.set_time(found, clock_);
    // Move to the newest end of its key's list.
    const Index key = keys_.find(t.key_hash);
    if (keys_.value(key).newest != found) {
      KeyInfo& k = keys_.value(key);
      const Term c = t;
      (c.older == npos ? k.oldest : terms_.value(c.older).newer) = c.newer;
      (c.newer == npos ? k.newest : terms_.value(c.newer).older) = c.older;
      --k.count;
      append(key, found);
    }
    return is_new;
  }
  if (terms_.size() >= max_total_) {
    remove(terms_.oldest());
    ++evicted_total_;
  }
  const Index key = keys_.find(key_hash);
  if (key != npos && keys_.value(key).count >= max_per_key_) {
    remove(keys_.value(key).oldest);
    ++evicted_per_key_;
  }
  insert(key_hash, combined, time, clock_);
  return true;
}

std::size_t NewTermsTracker::expire(TimeNs now, TimeNs horizon) {
  const TimeNs bound = window_floor(now, horizon);
  std::size_t n = 0;
  while (!terms_.empty() && terms_.time(terms_.oldest()) <= bound) {
    remove(terms_.oldest());
    ++n;
  }
  expired_ += n;
  return n;
}

TimeNs NewTermsTracker::oldest_activity() const {
  return terms_.empty() ? std::numeric_limits<TimeNs>::max() : terms_.time(terms_.oldest());
}

bool NewTermsTracker::evict_oldest() {
  if (terms_.empty()) return false;
  remove(terms_.oldest());
  ++evicted_total_;
  return true;
}

void NewTermsTracker::clear() {
  terms_.clear();
  keys_.clear();
  clock_ = kNoTime;
}

std::size_t NewTermsTracker::values_of(std::uint64_t key_hash) const {
  const Index key = keys_.find(key_hash);
  return key == npos ? 0 : keys_.value(key).count;
}

void NewTermsTracker::write_to(Writer& w) const {
  w.header(SnapshotTag::new_terms, kVersion);
  w.varint(max_per_key_);
  w.varint(max_total_);
  w.i64(clock_);
  w.varint(evicted_per_key_);
  w.varint(evicted_total_);
  w.varint(expired_);
  w.varint(terms_.size());
  for (Index i = terms_.oldest(); i != npos; i = terms_.newer(i)) {
    const Term& t = terms_.value(i);
    w.varint(terms_.key(i));
    w.varint(t.key_hash);
    w.i64(terms_.time(i));
    w.varint(static_cast<std::uint64_t>(terms_.time(i)) - static_cast<std::uint64_t>(t.last_seen));
  }
}

bool NewTermsTracker::read_from(Reader& r) {
  clear();
  std::uint64_t per_key = 0, total = 0, ev_key = 0, ev_total = 0, expired = 0;
  std::int64_t clock = 0;
  if (!r.header(SnapshotTag::new_terms, kVersion) || !r.varint(per_key) || !r.varint(total) || !r.i64(clock) ||
      !r.varint(ev_key) || !r.varint(ev_total) || !r.varint(expired))
    return false;
  if (per_key != max_per_key_ || total != max_total_) return r.fail("new-terms caps differ from the rule's");
  std::size_t n = 0;
  if (!r.count(n, 4, max_total_)) return false;
  TimeNs prev = kNoTime;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t combined = 0, key_hash = 0, age = 0;
    std::int64_t t = 0;
    if (!r.varint(combined) || !r.varint(key_hash) || !r.i64(t) || !r.varint(age)) return clear(), false;
    if (t < prev || t > clock) return clear(), r.fail("new-terms entries out of order");
    if (age > static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(kNoTime)) return clear(), r.fail("new-terms last-seen time out of range");
    if (terms_.find(combined) != npos) return clear(), r.fail("new-terms entry listed twice");
    if (values_of(key_hash) >= max_per_key_) return clear(), r.fail("new-terms key exceeds its cap");
    insert(key_hash, combined, static_cast<TimeNs>(static_cast<std::uint64_t>(t) - age), t);
    prev = t;
  }
  clock_ = clock;
  evicted_per_key_ = ev_key;
  evicted_total_ = ev_total;
  expired_ = expired;
  return true;
}

}  // namespace sigil::state
