#pragma once
// The grammar-aware mode of fuzz_rules: libFuzzer's custom mutator hooks, editing rule files the
// way a person (or an attacker with write access to a site's rule directory) would: by tokens and
// lines, so most mutants still parse and reach the checker and the compiler, which raw byte
// flips rarely do. Each call applies one to four of:
//   - replace a token with a word of the language (keywords, operators, modifiers, field paths,
//     durations, numbers, odd strings)
//   - duplicate, delete or swap lines; insert a line from another input (cross-over)
//   - libFuzzer's own byte mutation (LLVMFuzzerMutate), kept rare
// Included only by fuzz_rules.cpp when SIGIL_FUZZ_GRAMMAR is defined.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace sigil_fuzz {

inline const std::vector<std::string_view>& vocabulary() {
  static const std::vector<std::string_view> words = {
      // declarations and statements
      "rule", "list", "macro", "exception", "set", "title", "description", "author", "output",
      "severity", "status", "references", "falsepositives", "tags", "atlas", "on", "fields",
      "selection", "filter", "condition", "window", "sliding", "tumbling", "aggregate", "having",
      "baseline", "warmup", "new", "within", "sequence", "until", "suppress", "by", "where", "bind",
      "append", "replace", "=", "name", "none", "timezone",
      // expressions
      "and", "or", "not", "(", ")", "1 of", "all of", "them", "*", "sel*", "{", "}", "[", "]", ",",
      "..", ":", "!", "$", "@", "field(", "zscore(", "baseline(",
      // operators and modifiers
      "==", "!=", "<", "<=", ">", ">=", "in", "contains", "startswith", "endswith", "re", "cidr",
      "exists", "between", "cased", "base64", "base64offset", "any", "all", "count()", "sum(", "max(",
      "distinct(", "avg(", "+", "-", "/",
      // values
      "true", "false", "null", "0", "-1", "1e308", "18446744073709551616", "0.5", "\"\"", "\"a\"",
      "\"\\u0000\"", "\"\\ud800\"", "\"(a+)+$\"", "\"(?i)x\"", "\"[\"", "\"10.0.0.0/8\"", "\"::/0\"",
      "\"::ffff:1.2.3.4/128\"", "\"{prompt.text}\"", "\"{\"", "\"Europe/Paris\"", "\"+25:00\"",
      "\"AML.T0051\"", "AML.T0051.000", "owasp.llm01", "\"\xc3\xa9\"", "\"\xff\"",
      // durations
      "0s", "1s", "30s", "5min", "1h", "24h", "7d", "9999999999999d", "1ms", "10x",
      // kinds and fields
      "prompt", "model_response", "agent_action", "api_call", "retrieval", "guardrail", "audit",
      "token_usage", "system_prompt", "prompt.text", "response.text", "session.id", "user.id",
      "tool.name", "tool.arguments", "tool.arguments.to", "time.hour", "time.weekday",
      "user.roles", "prompt.risk_score", "usage.total_tokens", "event.id", "service.name",
      "api.destination.ip", "no.such.field",
  };
  return words;
}

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

// Token boundaries: runs of identifier characters, quoted strings, or single punctuation.
inline std::vector<std::pair<std::size_t, std::size_t>> tokens(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  for (std::size_t i = 0; i < s.size();) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) { ++i; continue; }
    std::size_t j = i + 1;
    if (s[i] == '"') {
      while (j < s.size() && s[j] != '"' && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, s.size());
    } else if (word(s[i])) {
      while (j < s.size() && word(s[j])) ++j;
    }
    out.emplace_back(i, j - i);
    i = j;
  }
  return out;
}

inline std::string mutate_text(std::string text, std::minstd_rand& rng, std::size_t max_size) {
  const auto& words = vocabulary();
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int step = 0; step < steps; ++step) {
    switch (rng() % 8) {
      case 0: case 1: case 2: {  // replace a token
        auto toks = tokens(text);
        if (toks.empty()) break;
        auto [at, len] = toks[rng() % toks.size()];
        text.replace(at, len, words[rng() % words.size()]);
        break;
      }
      case 3: {  // insert a word before a token
        auto toks = tokens(text);
        std::size_t at = toks.empty() ? 0 : toks[rng() % toks.size()].first;
        text.insert(at, std::string(words[rng() % words.size()]) + " ");
        break;
      }
      case 4: {  // delete a token
        auto toks = tokens(text);
        if (toks.empty()) break;
        auto [at, len] = toks[rng() % toks.size()];
        text.erase(at, len);
        break;
      }
      case 5: {  // duplicate a line
        auto lines = split_lines(text);
        std::size_t i = rng() % lines.size();
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(rng() % (lines.size() + 1)), lines[i]);
        text = join_lines(lines);
        break;
      }
      case 6: {  // delete or swap lines
        auto lines = split_lines(text);
        if (lines.size() < 2) break;
        std::size_t i = rng() % lines.size(), j = rng() % lines.size();
        if (rng() % 2) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
        else std::swap(lines[i], lines[j]);
        text = join_lines(lines);
        break;
      }
      default: {  // libFuzzer's byte-level mutation
        std::string buffer = text;
        buffer.resize(std::max(max_size, text.size()));
        std::size_t n = LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(buffer.data()), text.size(), buffer.size());
        buffer.resize(n);
        text = std::move(buffer);
        break;
      }
    }
  }
  if (text.size() > max_size) text.resize(max_size);
  return text;
}

}  // namespace sigil_fuzz

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  std::minstd_rand rng(seed);
  std::string out = sigil_fuzz::mutate_text(std::string(reinterpret_cast<char*>(data), size), rng, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

// Cross-over: the lines of the first input with a run of lines of the second spliced in.
extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2,
                                                 std::uint8_t* out, std::size_t max_out_size, unsigned int seed) {
  std::minstd_rand rng(seed);
  auto a = sigil_fuzz::split_lines(std::string_view(reinterpret_cast<const char*>(data1), size1));
  auto b = sigil_fuzz::split_lines(std::string_view(reinterpret_cast<const char*>(data2), size2));
  std::size_t from = rng() % b.size();
  std::size_t count = 1 + rng() % std::min<std::size_t>(b.size() - from, 12);
  std::size_t at = rng() % (a.size() + 1);
  a.insert(a.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(from),
           b.begin() + static_cast<std::ptrdiff_t>(from + count));
  std::string joined = sigil_fuzz::join_lines(a);
  std::size_t n = std::min(joined.size(), max_out_size);
  std::memcpy(out, joined.data(), n);
  return n;
}
