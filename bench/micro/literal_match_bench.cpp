// Micro-benchmark: AhoCorasickSet vs Re2LiteralSet on literal-like patterns over prompt texts.
// Standalone (not in CMake). Build and run from the repository root:
/*
    g++ -std=c++20 -O2 -DNDEBUG -I. bench/micro/literal_match_bench.cpp engine/match/aho_corasick.cpp engine/match/aho_corasick_automaton.cpp engine/match/re2_literal_set.cpp -o /tmp/literal_match_bench -lre2 && /tmp/literal_match_bench
*/
// Reports, per pattern count and text size, the median over 7 runs of the mean ns per match()
// call. Patterns: 70% contains, 15% endswith, 10% startswith, 5% equals; 90% case-insensitive.
// Texts: English-like prompts; about 1 in 4 carries one of the patterns.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "engine/match/aho_corasick.hpp"
#include "engine/match/re2_literal_set.hpp"

using namespace sigil::match;

namespace {

const char* const kWords[] = {
    "the", "a", "please", "summarize", "following", "document", "and", "explain", "how", "to", "write",
    "python", "function", "that", "reads", "file", "from", "disk", "system", "prompt", "user", "assistant",
    "ignore", "previous", "instructions", "you", "are", "now", "in", "developer", "mode", "secret", "key",
    "api", "token", "password", "translate", "into", "french", "customer", "email", "refund", "order",
    "weather", "tomorrow", "meeting", "notes", "agenda", "quarterly", "report", "revenue", "table", "json",
    "format", "output", "only", "without", "comments", "sql", "query", "select", "database", "users", "where",
    "id", "equals", "http://", "https://", "example.com", "/etc/passwd", "curl", "wget", "bash", "-c",
    "base64", "decode", "this", "string", "roleplay", "as", "grandmother", "who", "used", "tell", "stories",
    "about", "napalm", "jailbreak", "DAN", "unfiltered", "respond", "with", "markdown", "image", "link",
};
constexpr std::size_t kWordCount = sizeof kWords / sizeof kWords[0];

std::string random_token(std::mt19937& rng) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789-_./";
  std::string s(std::uniform_int_distribution<int>(4, 12)(rng), ' ');
  for (char& c : s) c = kChars[std::uniform_int_distribution<std::size_t>(0, sizeof kChars - 2)(rng)];
  return s;
}

std::vector<LiteralPattern> make_patterns(std::size_t n, std::mt19937& rng) {
  std::vector<LiteralPattern> out;
  std::uniform_int_distribution<std::size_t> word(0, kWordCount - 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::string text;
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    if (kind < 4) {  // a phrase of 2-3 vocabulary words, like "ignore previous instructions"
      const int words = std::uniform_int_distribution<int>(2, 3)(rng);
      for (int w = 0; w < words; ++w) text += (w ? " " : "") + std::string(kWords[word(rng)]);
    } else if (kind < 7) {  // an indicator: domain, path, tool name
      text = random_token(rng) + (kind == 4 ? ".com" : kind == 5 ? ".sh" : "");
    } else {  // a word plus a token
      text = std::string(kWords[word(rng)]) + " " + random_token(rng);
    }
    const int m = std::uniform_int_distribution<int>(0, 99)(rng);
    const LiteralMode mode = m < 70 ? LiteralMode::contains
                             : m < 85 ? LiteralMode::endswith
                             : m < 95 ? LiteralMode::startswith
                                      : LiteralMode::equals;
    const bool cased = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
    out.push_back({text, mode, cased, static_cast<std::uint32_t>(i)});
  }
  return out;
}

std::string make_text(std::size_t size, const std::vector<LiteralPattern>& patterns, std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> word(0, kWordCount - 1);
  std::string text;
  while (text.size() < size) {
    std::string w = kWords[word(rng)];
    if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) w[0] = static_cast<char>(std::toupper(w[0]));
    text += w;
    text += std::uniform_int_distribution<int>(0, 11)(rng) == 0 ? ". " : " ";
  }
  text.resize(size);
  if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {  // plant one pattern somewhere
    const std::string& p = patterns[std::uniform_int_distribution<std::size_t>(0, patterns.size() - 1)(rng)].text;
    if (p.size() < size) text.replace(std::uniform_int_distribution<std::size_t>(0, size - p.size())(rng), p.size(), p);
  }
  return text;
}

template <typename Set>
double median_ns_per_match(const Set& set, const std::vector<std::string>& texts, std::size_t& hits) {
  MatchIds ids;
  ids.prepare(set.id_bound());
  for (const std::string& t : texts) set.match(t, ids), ids.clear();  // warm up (RE2 DFA cache)
  std::vector<double> runs;
  for (int run = 0; run < 7; ++run) {
    std::size_t calls = 0;
    hits = 0;
    const auto start = std::chrono::steady_clock::now();
    std::chrono::duration<double, std::nano> elapsed{};
    do {
      for (const std::string& t : texts) {
        set.match(t, ids);
        hits += ids.size();
        ids.clear();
      }
      calls += texts.size();
      elapsed = std::chrono::steady_clock::now() - start;
    } while (elapsed.count() < 50e6);
    runs.push_back(elapsed.count() / static_cast<double>(calls));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

}  // namespace

int main() {
  std::printf("%8s %8s %14s %14s %8s %12s\n", "patterns", "text", "aho-corasick", "re2::set", "ratio", "ac memory");
  for (std::size_t n : {10, 100, 1000, 5000}) {
    std::mt19937 rng(static_cast<unsigned>(n));
    const auto patterns = make_patterns(n, rng);
    const AhoCorasickSet ac(patterns);
    const Re2LiteralSet re2(patterns);
    for (std::size_t size : {300, 10 * 1024}) {
      std::vector<std::string> texts;
      for (int i = 0; i < 64; ++i) texts.push_back(make_text(size, patterns, rng));
      std::size_t ac_hits = 0, re2_hits = 0;
      const double a = median_ns_per_match(ac, texts, ac_hits);
      const double r = median_ns_per_match(re2, texts, re2_hits);
      // Different call counts per run, so compare hit rates, not totals.
      std::printf("%8zu %8zu %11.0f ns %11.0f ns %7.1fx %9.1f MB%s\n", n, size, a, r, r / a,
                  static_cast<double>(ac.memory_bytes()) / 1e6, ac_hits && !re2_hits ? "  (RE2 found nothing!)" : "");
    }
  }
}
