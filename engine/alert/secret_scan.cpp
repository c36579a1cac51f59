#include "engine/alert/secret_scan.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace sigil {
namespace {

using Matches = std::vector<SecretMatch>;
constexpr std::size_t npos = std::string_view::npos;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
bool is_b64url(char c) { return is_alnum(c) || c == '_' || c == '-'; }
bool is_upper_or_digit(char c) { return is_upper(c) || is_digit(c); }
bool is_word(char c) { return is_b64url(c); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool at(std::string_view t, std::size_t i, std::string_view prefix) { return t.substr(i).starts_with(prefix); }

bool at_nocase(std::string_view t, std::size_t i, std::string_view prefix) {
  if (t.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (lower(t[i + k]) != prefix[k]) return false;
  return true;
}

// End of the run of characters satisfying `pred` that starts at `i`.
template <class Pred>
std::size_t run(std::string_view t, std::size_t i, Pred pred) {
  while (i < t.size() && pred(t[i])) ++i;
  return i;
}

bool boundary_before(std::string_view t, std::size_t i) { return i == 0 || !is_word(t[i - 1]); }

bool has_digit_and_letter(std::string_view s) {
  bool digit = false, letter = false;
  for (char c : s) {
    digit |= is_digit(c);
    letter |= is_upper(c) || is_lower(c);
  }
  return digit && letter;
}

// Whether standard base64 text decodes to bytes holding a ':' (user:password of HTTP Basic).
bool base64_has_colon(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : s) {
    int v = is_upper(c) ? c - 'A' : is_lower(c) ? c - 'a' + 26 : is_digit(c) ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      if (((bits >> count) & 0xFF) == ':') return true;
    }
  }
  return false;
}

void private_keys(std::string_view t, Matches& out) {
  std::size_t pos = 0;
  while ((pos = t.find("-----BEGIN ", pos)) != npos) {
    std::size_t label = pos + 11;
    std::size_t close = t.find("-----", label);
    if (close == npos) return;
    std::string_view name = t.substr(label, close - label);
    if (name.size() > 48 || !(name.ends_with("PRIVATE KEY") || name.ends_with("PRIVATE KEY BLOCK"))) {
      pos = close;
      continue;
    }
    std::size_t end = t.size();  // a block cut short is still a secret, to the end of the value
    if (std::size_t footer = t.find("-----END ", close + 5); footer != npos) {
      std::size_t footer_close = t.find("-----", footer + 9);
      if (footer_close != npos) end = footer_close + 5;
    }
    out.push_back({pos, end, SecretType::private_key});
    pos = end;
  }
}

// A token in a published format starting at `i` (after a word boundary): its end, or 0.
std::size_t token_at(std::string_view t, std::size_t i, SecretType& type) {
  auto body = [&](std::size_t from, auto pred, std::size_t min) -> std::size_t {
    std::size_t end = run(t, from, pred);
    return end - from >= min ? end : 0;
  };
  switch (t[i]) {
    case 'e': {  // JWT: two base64url JSON objects ("eyJ" is `{"`) and a signature, dot-separated
      if (!at(t, i, "eyJ")) return 0;
      std::size_t header = run(t, i, is_b64url);
      if (header - i < 10 || header >= t.size() || t[header] != '.' || !at(t, header + 1, "eyJ")) return 0;
      std::size_t payload = run(t, header + 1, is_b64url);
      if (payload - header - 1 < 10 || payload >= t.size() || t[payload] != '.') return 0;
      type = SecretType::jwt;
      return run(t, payload + 1, is_b64url);
    }
    case 's':
      if (at(t, i, "sk-ant-")) {
        type = SecretType::anthropic_api_key;
        return body(i + 7, is_b64url, 20);
      }
      if (at(t, i, "sk-")) {
        std::size_t end = body(i + 3, is_b64url, 20);
        type = SecretType::openai_api_key;
        return end && has_digit_and_letter(t.substr(i + 3, end - i - 3)) ? end : 0;
      }
      [[fallthrough]];
    case 'r':
      if (at(t, i + 1, "k_live_") || at(t, i + 1, "k_test_")) {
        type = SecretType::stripe_api_key;
        return body(i + 8, is_alnum, 16);
      }
      return 0;
    case 'A':
      if (at(t, i, "AKIA") || at(t, i, "ASIA")) {
        std::size_t end = run(t, i + 4, is_upper_or_digit);
        type = SecretType::aws_access_key_id;
        return end - i == 20 && (end == t.size() || !is_alnum(t[end])) ? end : 0;
      }
      if (at(t, i, "AIza")) {
        type = SecretType::google_api_key;
        return body(i + 4, is_b64url, 35);
      }
      return 0;
    case 'g':
      type = SecretType::github_token;
      if (at(t, i, "github_pat_")) return body(i + 11, [](char c) { return is_alnum(c) || c == '_'; }, 22);
      if (at(t, i, "gh") && i + 3 < t.size() && t[i + 3] == '_' && std::string_view("pousr").find(t[i + 2]) != npos)
        return body(i + 4, is_alnum, 36);
      return 0;
    case 'x':
      if (at(t, i, "xox") && i + 4 < t.size() && t[i + 4] == '-' && std::string_view("baprs").find(t[i + 3]) != npos) {
        type = SecretType::slack_token;
        return body(i + 5, [](char c) { return is_alnum(c) || c == '-'; }, 10);
      }
      return 0;
    default: return 0;
  }
}

void tokens(std::string_view t, Matches& out) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!boundary_before(t, i)) continue;
    SecretType type{};
    if (std::size_t end = token_at(t, i, type); end > i) {
      out.push_back({i, end, type});
      i = end - 1;
    }
  }
}

// "Bearer <token>" and "Basic <base64 of user:password>": the credential after the scheme word.
void auth_schemes(std::string_view t, Matches& out) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = lower(t[i]);
    if ((c != 'b') || !boundary_before(t, i)) continue;
    bool bearer = at_nocase(t, i, "bearer");
    bool basic = !bearer && at_nocase(t, i, "basic");
    if (!bearer && !basic) continue;
    std::size_t begin = run(t, i + (bearer ? 6 : 5), is_blank);
    if (begin == i + (bearer ? 6 : 5)) continue;  // no blank after the word
    if (bearer) {
      std::size_t end = run(t, begin, [](char x) { return is_alnum(x) || std::string_view("._~+/=-").find(x) != npos; });
      std::string_view token = t.substr(begin, end - begin);
      bool looks_random = std::any_of(token.begin(), token.end(), [](char x) { return !is_upper(x) && !is_lower(x); });
      if (token.size() >= 8 && looks_random) out.push_back({begin, end, SecretType::bearer_token});
    } else {
      std::size_t end = run(t, begin, [](char x) { return is_alnum(x) || x == '+' || x == '/' || x == '='; });
      if (end - begin >= 8 && base64_has_colon(t.substr(begin, end - begin)))
        out.push_back({begin, end, SecretType::basic_auth});
    }
  }
}

// scheme://user:password@host: the password.
void url_passwords(std::string_view t, Matches& out) {
  std::size_t pos = 0;
  while ((pos = t.find("://", pos)) != npos) {
    pos += 3;
    std::size_t end = std::min(t.size(), pos + 512);
    std::size_t colon = npos;
    for (std::size_t k = pos; k < end; ++k) {
      char c = t[k];
      if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"') break;
      if (c == ':' && colon == npos) colon = k;
      if (c == '@') {
        if (colon != npos && k > colon + 1) out.push_back({colon + 1, k, SecretType::url_password});
        break;
      }
    }
  }
}

bool is_unquoted_value(char c) {
  return static_cast<unsigned char>(c) > ' ' && std::string_view("&;,\"'<>)]}").find(c) == npos;
}

// KEY=VALUE, KEY: VALUE, "KEY": "VALUE" where KEY names a credential: the value.
void credential_pairs(std::string_view t, Matches& out) {
  // An unquoted value ends where its run of value characters ends, wherever in the run it
  // starts: the run is scanned once, so "password=" a million times over is linear, not quadratic.
  std::size_t run_begin = npos, run_end = 0;
  for (std::size_t j = 0; j < t.size(); ++j) {
    if (t[j] != '=' && t[j] != ':') continue;
    if (t[j] == ':' && at(t, j + 1, "//")) continue;
    std::size_t k = j;
    while (k > 0 && is_blank(t[k - 1])) --k;
    if (k > 0 && (t[k - 1] == '"' || t[k - 1] == '\'')) --k;
    std::size_t key_end = k;
    while (k > 0 && key_end - k < 64 && (is_word(t[k - 1]) || t[k - 1] == '.')) --k;
    if (k == key_end || !is_secret_name(t.substr(k, key_end - k))) continue;
    std::size_t begin = run(t, j + 1, is_blank);
    if (begin >= t.size()) continue;
    // "Authorization: Bearer x": the scheme's own detector takes the credential after the word.
    auto scheme = [&](std::string_view word) {
      return at_nocase(t, begin, word) && begin + word.size() < t.size() && is_blank(t[begin + word.size()]);
    };
    if (scheme("bearer") || scheme("basic")) continue;
    std::size_t end;
    if (t[begin] == '"' || t[begin] == '\'') {
      char quote = t[begin++];
      end = begin;
      while (end < t.size() && t[end] != quote) end += t[end] == '\\' ? 2 : 1;
      end = std::min(end, t.size());
    } else {
      if (run_begin == npos || begin < run_begin || begin >= run_end) {
        run_begin = begin;
        run_end = run(t, begin, is_unquoted_value);
      }
      end = run_end;
    }
    if (end > begin && !at(t, begin, "[redacted ")) out.push_back({begin, end, SecretType::credential_pair});
  }
}

}  // namespace

std::string_view secret_type_name(SecretType type) {
  constexpr std::array<std::string_view, 14> names = {
      "private_key",  "jwt",          "anthropic_api_key", "openai_api_key", "stripe_api_key",
      "aws_access_key_id", "github_token", "slack_token", "google_api_key", "url_password",
      "bearer_token", "basic_auth",   "credential_pair",   "secret_field"};
  return names[static_cast<std::size_t>(type)];
}

std::vector<SecretMatch> find_secrets(std::string_view text) {
  Matches found;
  private_keys(text, found);
  tokens(text, found);
  auth_schemes(text, found);
  url_passwords(text, found);
  credential_pairs(text, found);
  if (found.empty()) return found;
  std::sort(found.begin(), found.end(), [](const SecretMatch& a, const SecretMatch& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.type < b.type;
  });
  Matches kept;
  for (const SecretMatch& m : found)
    if (kept.empty() || m.begin >= kept.back().end) kept.push_back(m);
  return kept;
}

bool is_secret_name(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "password", "passwd",  "pwd",          "pass",         "passphrase",  "secret",     "secret_key",
      "token",    "api_key", "apikey",       "access_key",   "private_key", "auth",       "authorization",
      "credential", "credentials", "cookie", "session_token"};
  if (name.empty() || name.size() > 128) return false;
  std::string normal;
  normal.reserve(name.size());
  for (char c : name) normal.push_back(c == '.' || c == '-' ? '_' : lower(c));
  std::string_view n = normal;
  for (std::string_view k : kNames) {
    if (n == k) return true;
    if (n.size() > k.size() && n.ends_with(k) && n[n.size() - k.size() - 1] == '_') return true;
  }
  return false;
}

}  // namespace sigil
