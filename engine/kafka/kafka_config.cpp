#include "engine/kafka/kafka_config.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

namespace sigil::kafka {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The property as this role sees it: "" when it belongs to the other role.
std::string_view for_role(Role role, std::string_view key) {
  constexpr std::string_view consumer = "consumer.", producer = "producer.";
  if (key.starts_with(consumer)) return role == Role::consumer ? key.substr(consumer.size()) : std::string_view{};
  if (key.starts_with(producer)) return role == Role::producer ? key.substr(producer.size()) : std::string_view{};
  return key;
}

void set(rd_kafka_conf_t* conf, std::string_view key, const std::string& raw_value) {
  std::string value = raw_value;
  if (value.starts_with("env:")) {
    std::string name = value.substr(4);
    const char* from_env = std::getenv(name.c_str());
    if (!from_env)
      throw std::runtime_error(fmt::format("property {}: environment variable {} is not set", key, name));
    value = from_env;
  }
  char error[512];
  std::string k(key);
  if (rd_kafka_conf_set(conf, k.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    if (is_secret(key)) throw std::runtime_error(fmt::format("property {}: rejected by librdkafka", key));
    throw std::runtime_error(fmt::format("property {}: {}", key, error));
  }
}

}  // namespace

std::string add_property(ClientConfig& config, std::string_view key_value) {
  std::size_t eq = key_value.find('=');
  if (eq == std::string_view::npos || trim(key_value.substr(0, eq)).empty()) {
    // Without '=' the whole text is the "key": it may be a secret typed as sasl.password:VALUE.
    if (is_secret(key_value)) return "expected key=value, got a secret property without '=' (not shown)";
    return fmt::format("expected key=value, got \"{}\"", trim(key_value.substr(0, eq)));
  }
  config.properties.emplace_back(std::string(trim(key_value.substr(0, eq))),
                                 std::string(trim(key_value.substr(eq + 1))));
  return "";
}

std::string load_config_file(ClientConfig& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return fmt::format("{}: cannot open", path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    std::string error = add_property(config, text);
    if (!error.empty()) return fmt::format("{}:{}: {}", path, n, error);
  }
  return "";
}

bool is_secret(std::string_view key) {
  for (std::string_view word : {"password", "secret", "key.pem", "ssl.key", "token", "jaas", "sasl.oauthbearer.config"})
    if (key.find(word) != std::string_view::npos) return true;
  return false;
}

rd_kafka_conf_t* make_conf(Role role, const ClientConfig& config,
                           const std::vector<std::pair<std::string, std::string>>& defaults) {
  std::unique_ptr<rd_kafka_conf_t, void (*)(rd_kafka_conf_t*)> conf(rd_kafka_conf_new(), rd_kafka_conf_destroy);
  for (const auto& [key, value] : defaults) set(conf.get(), key, value);
  for (const auto& [key, value] : config.properties) {
    std::string_view k = for_role(role, key);
    if (!k.empty()) set(conf.get(), k, value);
  }
  if (!config.brokers.empty()) set(conf.get(), "bootstrap.servers", config.brokers);
  return conf.release();
}

}  // namespace sigil::kafka
