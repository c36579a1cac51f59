#pragma once
// `suppress D by KEYS`: after an alert, the rule's alerts with the same key values within D of
// it are held back and counted; the next alert emitted says how many were. Applied in the
// pipeline's ordered output stage, so it depends only on the input order.
// Not thread-safe (one output stage).

#include <cstdint>
#include <unordered_map>

namespace sigil {

class AlertSuppression {
 public:
  struct Decision {
    bool emit = true;
    std::uint64_t suppressed_before = 0;  // when emitting: duplicates held back since the last alert
  };

  Decision offer(std::uint32_t rule, std::uint64_t key, std::int64_t time_ns, std::int64_t length_ns) {
    State& s = states_[Key{rule, key}];
    if (s.seen && time_ns >= s.since && time_ns < s.since + length_ns) {
      ++s.suppressed;
      return {false, 0};
    }
    Decision d{true, s.suppressed};
    s = State{true, time_ns, 0};
    return d;
  }
  std::size_t size() const { return states_.size(); }

 private:
  struct Key {
    std::uint32_t rule;
    std::uint64_t key;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return k.key * 31 + k.rule; }
  };
  struct State {
    bool seen = false;
    std::int64_t since = 0;       // time of the last emitted alert
    std::uint64_t suppressed = 0;
  };
  std::unordered_map<Key, State, KeyHash> states_;
};

}  // namespace sigil
