#pragma once
// Detectors of secrets in text, for redacted alerts (`sigil run --redact`, redaction.hpp): API
// keys and tokens in their published formats, private key blocks, credentials in URLs and
// `password=...` style assignments. They run only when an alert is rendered with redaction on,
// never per event.
//
// Contract: ASCII-only, hand-written scanners (no regex engine), linear in the text for each
// detector. Token formats need a word boundary before them (`task-...` is not an `sk-` key) and
// their documented length and alphabet, so ordinary ids are not masked. Matches never overlap:
// where two detectors claim the same bytes the earlier and longer match wins, and on the same
// span the more specific detector (a JWT before a bearer token).
//
// IMPLEMENTATION: one pass per detector over the text; the passes are cheap prefix tests at each
// position, so a 100 KiB prompt costs a few hundred microseconds, once per alert.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sigil {

// What a detector found. The order is the priority on identical spans (specific first).
enum class SecretType : std::uint8_t {
  private_key,        // -----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY-----
  jwt,                // eyJ<header>.eyJ<payload>.<signature>
  anthropic_api_key,  // sk-ant-...
  openai_api_key,     // sk-... (also sk-proj-...)
  stripe_api_key,     // sk_live_, sk_test_, rk_live_, rk_test_
  aws_access_key_id,  // AKIA / ASIA + 16 upper-case letters or digits
  github_token,       // ghp_, gho_, ghu_, ghs_, ghr_ + 36; github_pat_ + 22
  slack_token,        // xoxb-, xoxp-, xoxa-, xoxr-, xoxs-
  google_api_key,     // AIza + 35
  url_password,       // the password of scheme://user:password@host
  bearer_token,       // the token after "Bearer "
  basic_auth,         // the base64 after "Basic " when it decodes to user:password
  credential_pair,    // the value of password=..., "api_key": "...", token: ...
  secret_field,       // a whole value under a secret-looking field or JSON key name (not found by scan())
};

std::string_view secret_type_name(SecretType type);

struct SecretMatch {
  std::size_t begin = 0;  // byte offsets into the scanned text
  std::size_t end = 0;
  SecretType type = SecretType::credential_pair;
};

// Every secret in `text`, sorted by `begin`, not overlapping.
std::vector<SecretMatch> find_secrets(std::string_view text);

// Whether a field path or JSON key names a credential, so its whole value is a secret:
// `password`, `db.password`, `client_secret`, `X-Api-Key`, `access_token`, `Authorization`,
// `cookie` (ASCII case-insensitive; `.` and `-` count as `_`). The last name part decides:
// `usage.input_tokens` and `auth.key_id` are not credentials.
bool is_secret_name(std::string_view name);

}  // namespace sigil
