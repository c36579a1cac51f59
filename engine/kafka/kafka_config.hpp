#pragma once
// librdkafka configuration from the command line: `-X key=value` (like kcat) and `--config FILE`
// (the same as key=value lines; `#` starts a comment line). A value `env:NAME` is read from the
// environment variable NAME when the client is built, so secrets need not be on the command line
// or in a file. A key prefixed `consumer.` or `producer.` applies to that client only; any other
// key applies to both (librdkafka ignores, with a warning, a property the other client lacks).
//
// Values are never printed: errors name the key only.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>

namespace sigil::kafka {

enum class Role { consumer, producer };

struct ClientConfig {
  std::string brokers;  // bootstrap.servers; empty: from the properties
  std::vector<std::pair<std::string, std::string>> properties;  // in order, later wins
};

// Adds "key=value". Returns an error message, or "" when it was well formed.
std::string add_property(ClientConfig& config, std::string_view key_value);
// Adds every key=value line of `path`. Returns an error message ("FILE:LINE: ...") or "".
std::string load_config_file(ClientConfig& config, const std::string& path);

// True for keys whose values must never be shown (passwords, secrets, private keys).
bool is_secret(std::string_view key);

// A new librdkafka configuration for `role`: `defaults` first, then the user's properties for that
// role, then bootstrap.servers from `brokers` when set. Throws std::runtime_error (naming the key,
// never the value) on an unknown property, a bad value or an unset environment variable.
rd_kafka_conf_t* make_conf(Role role, const ClientConfig& config,
                           const std::vector<std::pair<std::string, std::string>>& defaults);

}  // namespace sigil::kafka
