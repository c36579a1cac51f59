#pragma once
// SHA-256 (FIPS 180-4), for alert ids: deterministic across processes and machines, and not
// collidable on purpose by whoever controls event fields. HMAC-SHA256 (RFC 2104), for the keyed
// digests of redacted values (redaction.hpp).

#include <array>
#include <cstdint>
#include <string_view>

namespace sigil {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> finish();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::uint64_t length_ = 0;
  std::size_t buffered_ = 0;
};

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view message);

}  // namespace sigil
