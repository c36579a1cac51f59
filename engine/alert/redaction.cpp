#include "engine/alert/redaction.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

#include <fmt/format.h>

#include "engine/alert/content_fields.hpp"
#include "engine/alert/sha256.hpp"

namespace sigil {

Redactor::Redactor(RedactLevel level, std::string key) : level_(level), key_(std::move(key)) {}

std::string Redactor::digest(std::string_view bytes) const {
  std::array<std::uint8_t, 32> d;
  if (keyed()) {
    d = hmac_sha256(key_, bytes);
  } else {
    Sha256 h;
    h.update(bytes);
    d = h.finish();
  }
  std::string hex;
  hex.reserve(64);
  for (std::uint8_t b : d) fmt::format_to(std::back_inserter(hex), "{:02x}", b);
  return hex;
}

FieldTreatment Redactor::treatment(std::string_view path) const {
  std::size_t dot = path.rfind('.');
  std::string_view last = dot == std::string_view::npos ? path : path.substr(dot + 1);
  if (is_secret_name(last)) return FieldTreatment::secret;
  if (level_ != RedactLevel::all) return FieldTreatment::keep;
  // A URL keeps its destination, which is what an investigator of an egress alert needs first.
  if (path == kUrlPath || (last == "url" && is_content_path(path))) return FieldTreatment::url;
  if (is_content_path(path)) return FieldTreatment::content;
  return FieldTreatment::keep;
}

void Redactor::append_marker(std::string& out, std::string_view label, std::string_view original) const {
  fmt::format_to(std::back_inserter(out), "[redacted {} length={} {}={}]", label, original.size(), digest_name(),
                 digest(original));
}

void Redactor::mask_secrets(std::string_view text, std::string& out, std::vector<MaskedSecret>* found) const {
  std::size_t from = 0;
  for (const SecretMatch& m : find_secrets(text)) {
    std::string_view secret = text.substr(m.begin, m.end - m.begin);
    out.append(text.substr(from, m.begin - from));
    append_marker(out, secret_type_name(m.type), secret);
    if (found) found->push_back({m.type, secret.size(), digest(secret)});
    from = m.end;
  }
  out.append(text.substr(from));
}

void Redactor::mask_url(std::string_view url, std::string& out) const {
  std::size_t cut = url.find_first_of("?#");
  mask_secrets(url.substr(0, cut), out);
  if (cut == std::string_view::npos) return;
  out.push_back(url[cut]);
  if (cut + 1 < url.size()) append_marker(out, "url_query", url.substr(cut + 1));
}

std::string load_redaction_key(const std::string& path, std::string& key, std::string& warning) {
  // stdio rather than an ifstream: libstdc++'s filebuf throws on a read error (a directory),
  // and errno says why a file cannot be read.
  std::FILE* file = path.empty() ? nullptr : std::fopen(path.c_str(), "rb");
  if (file == nullptr)
    return fmt::format("--redact-key {}: cannot be read: {}", path, path.empty() ? "empty path" : std::strerror(errno));
  key.clear();
  char buffer[4096];
  std::size_t n = 0;
  while (key.size() <= kMaxRedactionKeyBytes && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    key.append(buffer, n);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return fmt::format("--redact-key {}: cannot be read: {}", path, std::strerror(error));
  if (key.size() > kMaxRedactionKeyBytes)  // /dev/zero, a wrong file: not read to the end
    return fmt::format("--redact-key {}: more than {} bytes; a key is a small file of random bytes", path,
                       kMaxRedactionKeyBytes);
  if (key.size() < 16)
    return fmt::format("--redact-key {}: {} bytes; a key needs at least 16 (e.g. head -c 32 /dev/urandom > {})", path,
                       key.size(), path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    warning = fmt::format("--redact-key {}: readable by group or others (chmod 600 it)", path);
  return {};
}

}  // namespace sigil
