// engine/kafka without a broker: configuration, the JSON peeks, the offset tracker.
#include <doctest/doctest.h>

#include <cstdlib>
#include <stdexcept>

#include "engine/kafka/json_peek.hpp"
#include "engine/kafka/kafka_config.hpp"
#include "engine/kafka/offset_tracker.hpp"

using namespace sigil::kafka;

TEST_CASE("config - -X key=value, env: values, role prefixes, errors name the key only") {
  ClientConfig config;
  CHECK(add_property(config, "acks=1") == "");
  CHECK(add_property(config, "producer.linger.ms = 20") == "");
  CHECK(add_property(config, "consumer.fetch.wait.max.ms=50") == "");
  CHECK(add_property(config, "noequals") != "");
  ::setenv("SIGIL_TEST_SECRET", "s3cr3t-value", 1);
  CHECK(add_property(config, "sasl.password=env:SIGIL_TEST_SECRET") == "");
  rd_kafka_conf_t* producer = make_conf(Role::producer, config, {});
  char value[64];
  size_t size = sizeof value;
  REQUIRE(rd_kafka_conf_get(producer, "linger.ms", value, &size) == RD_KAFKA_CONF_OK);
  CHECK(std::string(value) == "20");
  rd_kafka_conf_destroy(producer);

  ClientConfig unset;
  add_property(unset, "sasl.password=env:SIGIL_TEST_NOT_SET_ANYWHERE");
  try {
    rd_kafka_conf_destroy(make_conf(Role::consumer, unset, {}));
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("SIGIL_TEST_NOT_SET_ANYWHERE") != std::string::npos);
  }
  ClientConfig bad;
  add_property(bad, "ssl.key.password=hunter2");
  add_property(bad, "no.such.property=hunter2");
  try {
    rd_kafka_conf_destroy(make_conf(Role::consumer, bad, {}));
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("no.such.property") != std::string::npos);
    CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
  }
  CHECK(is_secret("sasl.password"));
  CHECK(is_secret("ssl.key.password"));
  CHECK_FALSE(is_secret("bootstrap.servers"));
}

TEST_CASE("json peek - session.id of an event, top-level only, stopping early") {
  CHECK(peek_session_id(R"({"kind":"prompt","session":{"id":"s-1"},"x":[)") == "s-1");
  CHECK(peek_session_id(R"({"x":{"session":{"id":"nested"}},"session":{"user":{"id":"u"},"id":"s-2"}})") == "s-2");
  CHECK(peek_session_id(R"({"kind":"x","session.id":"dotted"})") == "dotted");
  CHECK_FALSE(peek_session_id(R"({"x":{"session.id":"nested-dotted"}})").has_value());
  CHECK_FALSE(peek_session_id(R"({"session":{"id":7}})").has_value());
  CHECK_FALSE(peek_session_id("not json").has_value());
  CHECK_FALSE(peek_session_id(R"({"session":"s"})").has_value());
}

TEST_CASE("json peek - alert headers from native and OCSF alerts") {
  auto native = read_alert_meta(
      R"({"alert_id":"ab","rule":{"id":"r1"},"session":{"id":"s"},"atlas":[{"id":"AML.T0051.000"},{"id":"AML.T0054"}]})");
  REQUIRE(native);
  CHECK(native->alert_id == "ab");
  CHECK(native->rule_id == "r1");
  CHECK(native->session_id == "s");
  CHECK(native->atlas_ids == std::vector<std::string>{"AML.T0051.000", "AML.T0054"});
  auto ocsf = read_alert_meta(
      R"({"finding_info":{"uid":"cd","analytic":{"uid":"r2"},"attacks":[{"technique":{"uid":"AML.T0051"},"sub_technique":{"uid":"AML.T0051.000"}},{"technique":{"uid":"AML.T0054"}},{"technique":{"uid":"AML.T0054"}}]},"actor":{"session":{"uid":null}}})");
  REQUIRE(ocsf);
  CHECK(ocsf->alert_id == "cd");
  CHECK(ocsf->rule_id == "r2");
  CHECK_FALSE(ocsf->session_id.has_value());
  CHECK(ocsf->atlas_ids == std::vector<std::string>{"AML.T0051.000", "AML.T0054"});
}

TEST_CASE("json peek - dead-letter records give back the original bytes") {
  auto text = read_dead_letter(
      R"({"reason":"invalid_json","message":"m","source":{"topic":"t","partition":2,"offset":41},"original_length":3,"original":"a\"b"})");
  REQUIRE(text);
  CHECK(text->reason == "invalid_json");
  CHECK(text->topic == "t");
  CHECK(text->partition == 2);
  CHECK(text->offset == 41);
  CHECK(text->original == "a\"b");
  auto binary = read_dead_letter(R"({"reason":"invalid_utf8","message":"m","source":{"topic":"t","partition":0,"offset":1},"original_length":3,"original_base64":"/wBh"})");
  REQUIRE(binary);
  CHECK(binary->original == std::string("\xff\0a", 3));
}

TEST_CASE("offset tracker - commits only what is done and acknowledged, in read order") {
  OffsetTracker t;
  int b1 = 0, b2 = 0, b3 = 0;
  PartitionKey p0 = partition_key(0, 0), p1 = partition_key(0, 1);
  t.batch_read(&b1, {{p0, 10}, {p1, 5}});
  t.batch_read(&b2, {{p0, 20}});
  t.batch_read(&b3, {{p1, 9}});
  std::uint64_t m1 = t.produced();  // belongs to b1
  std::map<PartitionKey, std::int64_t> c;
  t.collect(c);
  CHECK(c.empty());
  t.batch_done(&b1);
  std::uint64_t m2 = t.produced();  // belongs to b2
  t.batch_done(&b2);
  t.batch_done(&b3);
  t.collect(c);
  CHECK(c.empty());  // b1's message is not acknowledged yet
  t.delivered(m1, true);
  t.collect(c);
  CHECK(c == std::map<PartitionKey, std::int64_t>{{p0, 11}, {p1, 6}});
  t.delivered(m2, true);
  t.collect(c);
  CHECK(c == std::map<PartitionKey, std::int64_t>{{p0, 21}, {p1, 10}});
  CHECK(t.batches_open() == 0);
  CHECK(t.unacknowledged() == 0);
  std::uint64_t tail = t.produced();  // after every batch: no batch
  CHECK(tail == OffsetTracker::kNoBatch);
  CHECK(t.unacknowledged() == 1);
  t.delivered(tail, true);
  CHECK(t.unacknowledged() == 0);
  CHECK_THROWS_AS(t.batch_done(&b1), std::logic_error);
}

TEST_CASE("offset tracker - a failed delivery stops every later commit") {
  OffsetTracker t;
  int b1 = 0, b2 = 0;
  t.batch_read(&b1, {{partition_key(0, 0), 3}});
  std::uint64_t m = t.produced();
  t.batch_done(&b1);
  t.batch_read(&b2, {{partition_key(0, 0), 7}});
  t.batch_done(&b2);
  t.delivered(m, false);
  std::map<PartitionKey, std::int64_t> c;
  t.collect(c);
  CHECK(c.empty());
  CHECK(t.failed());
}
