// Kafka security without a broker (docs/kafka-security.md): secrets are never echoed by the
// configuration parser, and an authentication failure is fatal instead of retried forever.
// Against a real broker: tests/kafka/sasl.sh.
#include <doctest/doctest.h>

#include <string>

#include "engine/kafka/broker_state.hpp"
#include "engine/kafka/kafka_config.hpp"

using namespace sigil::kafka;

TEST_CASE("security - secret keys, and a malformed secret property is not echoed") {
  for (const char* key : {"sasl.password", "ssl.key.password", "ssl.key.pem", "ssl.keystore.password",
                          "sasl.oauthbearer.config", "sasl.oauthbearer.client.secret", "consumer.sasl.password"})
    CHECK_MESSAGE(is_secret(key), key);
  for (const char* key : {"sasl.username", "sasl.mechanism", "security.protocol", "ssl.ca.location"})
    CHECK_MESSAGE(!is_secret(key), key);

  ClientConfig config;
  std::string error = add_property(config, "sasl.password:hunter2");
  CHECK(error.find("expected key=value") != std::string::npos);
  CHECK(error.find("hunter2") == std::string::npos);
  // Not a secret: the text is shown, it helps to find the typo.
  CHECK(add_property(config, "linger.ms:5").find("linger.ms:5") != std::string::npos);
  CHECK(config.properties.empty());
}

TEST_CASE("security - authentication failures are fatal, unreachable brokers are not") {
  BrokerState down("consumer");
  down.error(nullptr, RD_KAFKA_RESP_ERR__TRANSPORT, "127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed");
  CHECK_FALSE(down.fatal());
  CHECK_FALSE(down.up());

  BrokerState sasl("producer");
  sasl.error(nullptr, RD_KAFKA_RESP_ERR__AUTHENTICATION,
             "sasl_plaintext://127.0.0.1:9093/bootstrap: SASL authentication error: Authentication failed during "
             "authentication due to invalid credentials with SASL mechanism PLAIN");
  CHECK(sasl.fatal());

  BrokerState ca("consumer");
  ca.error(nullptr, RD_KAFKA_RESP_ERR__SSL,
           "ssl://127.0.0.1:9094/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed");
  CHECK(ca.fatal());
  BrokerState other_tls("consumer");
  other_tls.error(nullptr, RD_KAFKA_RESP_ERR__SSL, "ssl://127.0.0.1:9094/bootstrap: SSL handshake failed: Disconnected");
  CHECK_FALSE(other_tls.fatal());
}
