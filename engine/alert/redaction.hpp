#pragma once
// Redaction of alerts, for sites where alerts go to a wider audience than the raw telemetry
// (`sigil run --redact`, docs/alerts.md "Redaction"). A Redactor decides what to mask and how:
//
// - level `all` (`--redact`): content fields (content_fields.hpp: prompt and response text,
//   retrieval queries and documents, tool arguments, ...) are replaced whole, and the query and
//   fragment of `url.full` and of a `url` inside content (`tool.arguments.url`); level `secrets`
//   (`--redact=secrets`) keeps them.
// - both levels: secrets (secret_scan.hpp) in every other string an event put into the alert are
//   replaced in place, and the whole value of a field or JSON key named like a credential.
// - a masked value becomes a marker that carries its length in bytes and a hex digest of its
//   bytes: SHA-256, or HMAC-SHA256 with the site's key (`--redact-key FILE`), so an investigator
//   with access to the raw telemetry can find the original, and equal values correlate.
//
// Redaction happens only when an alert is rendered; with no redactor nothing changes and nothing
// is spent. Thread safety: a Redactor is immutable after construction and shared by all threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/alert/secret_scan.hpp"

namespace sigil {

enum class RedactLevel : std::uint8_t { secrets, all };

// What happens to a value found at a field path.
enum class FieldTreatment : std::uint8_t {
  keep,     // identifiers, enums, numbers: kept, with secrets masked in place
  content,  // free text: masked whole (strings and objects; numbers and booleans are kept)
  url,      // url.full, or a `url` inside content, at level all: query and fragment masked, the rest kept
  secret,   // a credential-named field (`db.password`): masked whole, whatever its type
};

// A secret that was masked: what it was, its length and digest (never its text).
struct MaskedSecret {
  SecretType type{};
  std::size_t length = 0;
  std::string digest;
};

class Redactor {
 public:
  // `key`: empty for plain SHA-256, else the HMAC key (load_redaction_key()).
  explicit Redactor(RedactLevel level, std::string key = {});

  RedactLevel level() const { return level_; }
  bool keyed() const { return !key_.empty(); }
  // "sha256", or "hmac_sha256" with a key: the name of the digest in markers and objects.
  std::string_view digest_name() const { return keyed() ? "hmac_sha256" : "sha256"; }
  // Lower-case hex digest of `bytes` (64 digits).
  std::string digest(std::string_view bytes) const;

  FieldTreatment treatment(std::string_view path) const;

  // Appends `text` with every secret replaced by a marker; `found`, if given, receives each one.
  void mask_secrets(std::string_view text, std::string& out, std::vector<MaskedSecret>* found = nullptr) const;
  // Appends the marker of a masked value: "[redacted LABEL length=N sha256=HEX]".
  void append_marker(std::string& out, std::string_view label, std::string_view original) const;
  // Appends a URL at level all: scheme, host and path kept (secrets masked in place), the
  // query and fragment replaced by a marker labelled url_query.
  void mask_url(std::string_view url, std::string& out) const;

 private:
  RedactLevel level_;
  std::string key_;
};

// Reads a `--redact-key` file: the key is its bytes as they are (a trailing newline included),
// at least 16 and at most kMaxRedactionKeyBytes of them. Returns an error message (why the file
// cannot be read, or its size), or "" on success; `warning` is set when the file can be read by
// group or others.
inline constexpr std::size_t kMaxRedactionKeyBytes = 64 * 1024;
std::string load_redaction_key(const std::string& path, std::string& key, std::string& warning);

}  // namespace sigil
