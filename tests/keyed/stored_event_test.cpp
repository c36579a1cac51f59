// StoredEvent: every value comes back exactly as it went in (packed hex ids, UUIDs, integers,
// the fallbacks), the snapshot bytes are the format's (values as text), and a benchmark-shaped
// event takes the bytes the README says.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "engine/event/event_builder.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/keyed/stored_event.hpp"

namespace {

using namespace sigil;
using sigil::keyed::StoredEvent;

const FieldPlan& plan() {
  static const FieldPlan p{FieldCatalog::builtin()};
  return p;
}
FieldId field(std::string_view path) { return *plan().find(path); }

// The snapshot of one stored event as the format defines it (engine/keyed/stored_event.hpp):
// written here by hand from the event, independently of the in-memory encoding.
std::string expected_snapshot(const Event& e, const std::vector<FieldId>& copied,
                              const std::vector<FieldId>& evidence) {
  state::Writer w;
  w.u8(static_cast<std::uint8_t>(e.kind()));
  w.i64(e.time_ns());
  w.varint(e.position().source);
  w.i64(e.position().partition);
  w.i64(e.position().offset);
  w.varint(copied.size());
  for (FieldId f : copied) {
    w.varint(f);
    w.varint(e.values(f).size());
    for (const Value& v : e.values(f)) {
      w.u8(static_cast<std::uint8_t>(v.type));
      switch (v.type) {
        case ValueType::null: break;
        case ValueType::boolean: w.boolean(v.boolean); break;
        case ValueType::integer: w.i64(v.integer); break;
        case ValueType::number: w.f64(v.number); break;
        case ValueType::string:
        case ValueType::raw_json: w.bytes(v.text); break;
      }
    }
  }
  w.varint(evidence.size());
  for (FieldId f : evidence) w.varint(f);
  return w.take();
}

void check_same(const Value& a, const Value& b) {
  REQUIRE(a.type == b.type);
  CHECK(a.boolean == b.boolean);
  CHECK(a.integer == b.integer);
  if (a.type == ValueType::number || a.type == ValueType::integer) CHECK(std::memcmp(&a.number, &b.number, 8) == 0);
  CHECK(a.text == b.text);
}

}  // namespace

TEST_CASE("stored event: every string form and number comes back exactly, snapshots hold the text") {
  const std::vector<std::string> texts = {
      "bdd640fb06671ad11c80317fa3b1799d",      // trace.id: 32 lowercase hex
      "a65ed389b74d0fb1",                      // span.id
      "BDD640FB06671AD11C80317FA3B1799D",      // uppercase hex
      "Bdd640fb06671ad11c80317fa3b1799D",      // mixed case: only a one-case tail packs
      "550e8400-e29b-41d4-a716-446655440000",  // UUID
      "550E8400-E29B-41D4-A716-446655440000",  // uppercase UUID: packs its tail only
      "550e8400-e29b-41d4-a716-44665544000g",  // UUID-shaped, not hex
      "550e8400xe29b-41d4-a716-446655440000",  // UUID-shaped, a dash missing
      "evt-42-0000000002",                     // prefix + decimal digits
      "sess-00000007",                         // under 16 characters: stored as it is
      "user-000007",
      "evt-643c2faba15ac51e406b",
      "abc1234567",        // all hex, even length
      "x123456789",        // odd run of 9: the first digit stays in the prefix
      "x1234567",          // 7 digits: too short to pack
      "12345678",          // exactly 8, but under 16 characters
      "abcdefghij12345678",  // 8 digits after 10 other characters: packed
      "abcdefghijk1234567",  // 7: not
      "0",
      "",
      "deadbeef-",         // hex before a non-hex end: not packed
      "caf\xc3\xa9" "0123456789abcdef",  // UTF-8 prefix
      std::string("nul\0" "0123456789", 14),
  };
  const FieldId trace = field("trace.id"), session = field("session.id"), tokens = field("usage.total_tokens"),
                model = field("model.name"), cost = field("usage.cost_usd");
  for (const std::string& text : texts) {
    CAPTURE(text);
    EventBuilder b(plan().size());
    b.kind(Kind::token_usage).time_ns(1'764'000'000'123'456'789).position({0, -1, 123'456'789'012});
    b.add(trace, Value::make_string(text)).add(session, Value::make_string(text));
    b.add(model, Value::make_string(text)).add(model, Value::make_raw_json("{\"a\":1}"));
    b.add(field("span.id"), Value::make_string(text));  // one value; user.id has none
    b.add(tokens, Value::make_int(std::numeric_limits<std::int64_t>::min()));
    b.add(cost, Value::make_number(-0.0)).add(cost, Value::make_null()).add(cost, Value::make_bool(true));
    b.add(cost, Value::make_int(-5)).add(cost, Value::make_bool(false)).add(cost, Value::make_int(1LL << 60));
    const Event e = b.finish();
    const std::vector<FieldId> evidence = {model, session, tokens, cost, model};
    StoredEvent stored(e, plan(), evidence);
    CHECK(stored.time_ns() == e.time_ns());

    StoredEvent::View v = stored.view(plan());
    CHECK(v.event.kind() == e.kind());
    CHECK(v.event.time_ns() == e.time_ns());
    CHECK(v.event.position().offset == e.position().offset);
    CHECK(v.event.position().partition == -1);
    for (FieldId f : {trace, session, tokens, model, cost}) {
      REQUIRE(v.event.values(f).size() == e.values(f).size());
      for (std::size_t i = 0; i < e.values(f).size(); ++i) check_same(v.event.values(f)[i], e.values(f)[i]);
    }
    REQUIRE(v.fields.size() == evidence.size());
    for (std::size_t i = 0; i < evidence.size(); ++i) CHECK(v.fields[i].field == evidence[i]);
    const StoredEvent::View moved = std::move(v);  // the texts stay where they are
    CHECK(moved.event.first(trace)->text == text);

    const FieldPlan::WellKnown& wk = plan().well_known();
    const std::vector<FieldId> copied = {wk.event_id, wk.session_id, wk.user_id, wk.service_name, wk.trace_id,
                                         wk.span_id,  model,         tokens,    cost};
    state::Writer w;
    stored.write_to(w, plan());
    CHECK(w.data() == expected_snapshot(e, copied, evidence));
    state::Reader r(w.data());
    auto back = StoredEvent::read_from(r, plan(), 1);
    REQUIRE(back);
    state::Writer again;
    back->write_to(again, plan());
    CHECK(again.data() == w.data());
  }
}

TEST_CASE("stored event: an integer whose double is not its own keeps both") {
  Value odd = Value::make_int(3);
  odd.number = 2.5;
  EventBuilder b(plan().size());
  b.kind(Kind::token_usage).add(field("usage.total_tokens"), odd);
  const Event e = b.finish();
  StoredEvent stored(e, plan(), std::vector<FieldId>{field("usage.total_tokens")});
  const StoredEvent::View view = stored.view(plan());
  const Value* v = view.event.first(field("usage.total_tokens"));
  REQUIRE(v != nullptr);
  CHECK(v->integer == 3);
  CHECK(v->number == 2.5);
}

TEST_CASE("stored event: a benchmark token_usage event takes one 128-byte block, 144 without the name pool") {
  // bench/gen/gen-events' shape; before the packed ids and varints it took 336 bytes.
  const FieldPlan::WellKnown& wk = plan().well_known();
  EventBuilder b(plan().size());
  b.kind(Kind::token_usage).time_ns(1'764'028'800'000'020'000).position({0, -1, 2'000'000});
  b.add(wk.event_id, Value::make_string("evt-42-0000000002"))
      .add(wk.session_id, Value::make_string("sess-00000007"))
      .add(wk.user_id, Value::make_string("user-000007"))
      .add(wk.service_name, Value::make_string("doc-summarizer"))
      .add(wk.trace_id, Value::make_string("bdd640fb06671ad11c80317fa3b1799d"))
      .add(wk.span_id, Value::make_string("a65ed389b74d0fb1"))
      .add(field("usage.total_tokens"), Value::make_int(2513))
      .add(field("usage.input_tokens"), Value::make_int(2290))
      .add(field("usage.output_tokens"), Value::make_int(223))
      .add(field("usage.finish_reason"), Value::make_string("stop"));
  const Event e = b.finish();
  const std::vector<FieldId> evidence = {field("usage.total_tokens"), field("usage.input_tokens"),
                                         field("usage.output_tokens"), field("usage.finish_reason")};
  StoredEvent stored(e, plan(), evidence);
  // 128 when its service name gets into the process-wide pool; 144 when the pool is already full
  // (in a test process where eviction_test's 3,000 services came first): the name as it is.
  CHECK(stored.heap_bytes() <= 144);
  // Reassigning a record of the same size reuses the block.
  const std::size_t before = stored.heap_bytes();
  stored.assign(e, plan(), evidence);
  CHECK(stored.heap_bytes() == before);
}

TEST_CASE("stored event: service names (pooled, and as they are once the pool is full), partitions, many fields") {
  const FieldPlan::WellKnown& wk = plan().well_known();
  std::vector<FieldId> many;  // 20 evidence fields: the counts no longer fit one byte
  for (std::string_view path : {"usage.total_tokens", "usage.input_tokens", "usage.output_tokens", "usage.cost_usd",
                                "usage.finish_reason", "model.name", "model.provider", "prompt.text", "prompt.source",
                                "tool.name", "tool.arguments", "server.address", "retrieval.operation",
                                "response.text", "guardrail.action", "agent.id", "trace.id", "span.id", "user.id",
                                "session.id"})
    if (auto f = plan().find(path)) many.push_back(*f);
  REQUIRE(many.size() >= 16);
  for (int i = 0; i < 300; ++i) {  // more names than the pool holds (255)
    const std::string name = "service-" + std::to_string(i) + (i % 7 == 0 ? std::string(70, 'x') : "");
    CAPTURE(name);
    EventBuilder b(plan().size());
    b.kind(Kind::prompt).time_ns(i).position({1, i % 3 == 0 ? -1 : i, 1000 + i});
    b.add(wk.service_name, Value::make_string(name)).add(wk.service_name, Value::make_string("second"));
    b.add(field("usage.total_tokens"), Value::make_int(i));
    const Event e = b.finish();
    StoredEvent stored(e, plan(), i % 2 ? std::span<const FieldId>(many) : std::span<const FieldId>());
    const StoredEvent::View v = stored.view(plan());
    REQUIRE(v.event.values(wk.service_name).size() == 2);
    CHECK(v.event.values(wk.service_name)[0].text == name);
    CHECK(v.event.values(wk.service_name)[1].text == "second");
    CHECK(v.event.position().partition == e.position().partition);
    CHECK(v.event.position().offset == 1000 + i);
    CHECK(v.fields.size() == (i % 2 ? many.size() : 0));
    state::Writer w;
    stored.write_to(w, plan());
    state::Reader r(w.data());
    auto back = StoredEvent::read_from(r, plan(), 2);
    REQUIRE(back);
    state::Writer again;
    back->write_to(again, plan());
    CHECK(again.data() == w.data());
  }
}
