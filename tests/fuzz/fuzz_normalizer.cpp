// Fuzz target: one raw telemetry record -> Normalizer, twice: with every catalog field
// materialized (what `sigil validate`-like tools see), and with a production-like plan (only the
// fields the engine and a few rules read, including paths below an open field and outside the
// contract) and a small nesting limit.
// Properties: no crash or sanitizer report (the parse is in situ: every value must point into the
// scratch copy or the record), an accepted event has a time in range and strict UTF-8 strings,
// every raw_json value is valid JSON, and a rejection carries a message. Differential: the
// normalizer (fast path first) and the reference parser alone give the same verdict, rejection
// (reason, message, offset) or event (kind, time, every value).

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "engine/event/event.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"
#include "fuzz_support.hpp"

using namespace sigil;

namespace {

struct Setup {
  std::unique_ptr<FieldPlan> plan;
  std::unique_ptr<Normalizer> normalizer;
  std::unique_ptr<Normalizer> reference;  // the same plan, reference parser only
};

Setup make(bool materialize_all, NormalizerLimits limits) {
  Setup s;
  s.plan = std::make_unique<FieldPlan>(FieldCatalog::builtin());
  for (const char* path : {"prompt.text", "tool.arguments.to", "tool.arguments.cmd.args", "extra.field", "x",
                           "user.roles", "retrieval.documents.id"})
    s.plan->add_path(path);
  if (materialize_all) s.plan->materialize_all();
  s.plan->freeze();
  s.normalizer = std::make_unique<Normalizer>(*s.plan, limits);
  NormalizerLimits reference = limits;
  reference.fast_path = false;
  s.reference = std::make_unique<Normalizer>(*s.plan, reference);
  return s;
}

// The verdict and everything the event holds, as text.
std::string describe(Normalizer& normalizer, const FieldPlan& plan, const std::string& line, bool truncated) {
  RawBatch batch;
  batch.bytes = line;
  batch.records.push_back(RawRecord{0, line.size(), line.size() + (truncated ? 10 : 0), {0, -1, 1}});
  std::string scratch = line + '\0';
  Event event;
  Rejection rejection;
  if (!normalizer.normalize(batch, batch.records[0], scratch.data(), event, rejection))
    return std::string(reject_code(rejection.reason)) + "|" + rejection.message + "|" +
           std::to_string(rejection.byte_offset);
  std::string out = std::to_string(static_cast<int>(event.kind())) + "|" + std::to_string(event.time_ns());
  for (FieldId id = 0; id < plan.size(); ++id)
    for (const Value& v : event.values(id)) {
      std::uint64_t bits;
      std::memcpy(&bits, &v.number, sizeof bits);
      out += "\n" + std::to_string(id) + " " + std::to_string(static_cast<int>(v.type)) + " " +
             std::to_string(v.boolean) + " " + std::to_string(v.integer) + " " + std::to_string(bits) + " ";
      out.append(v.text);
    }
  return out;
}

void differential(Setup& s, const std::string& line, bool truncated) {
  std::string fast = describe(*s.normalizer, *s.plan, line, truncated);
  std::string reference = describe(*s.reference, *s.plan, line, truncated);
  if (fast != reference) sigil_fuzz::fail("fast path and reference parser differ", fast + "\n---\n" + reference);
}

void run(Setup& s, const std::string& line, bool truncated) {
  RawBatch batch;
  batch.bytes = line;
  RawRecord record{0, line.size(), line.size() + (truncated ? 10 : 0), {0, -1, 1}};
  batch.records.push_back(record);
  std::string scratch = line + '\0';
  Event event;
  Rejection rejection;
  if (!s.normalizer->normalize(batch, batch.records[0], scratch.data(), event, rejection)) {
    if (rejection.message.empty()) sigil_fuzz::fail("rejection without a message");
    return;
  }
  if (event.time_ns() < 0) sigil_fuzz::fail("accepted event with a negative time");
  std::size_t touched = 0;
  for (FieldId id = 0; id < s.plan->size(); ++id) {
    for (const Value& v : event.values(id)) {
      for (char c : v.text) touched += static_cast<unsigned char>(c);  // ASan: the view must be live
      if (v.type == ValueType::string && !sigil_fuzz::lenient_utf8() && !sigil_fuzz::valid_utf8(v.text))
        sigil_fuzz::fail("string value is not valid UTF-8", s.plan->slot(id).path);
      if (v.type == ValueType::raw_json) {
        std::string copy(v.text);
        rapidjson::Document doc;
        if (doc.Parse(copy.c_str(), copy.size()).HasParseError() || !(doc.IsObject() || doc.IsArray()))
          sigil_fuzz::fail("raw_json value is not a JSON object or array", copy);
      }
    }
  }
  if (touched == 1) std::fprintf(stderr, " ");  // keep the loop from being optimized away
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Setup all = make(true, {});
  static Setup production = make(false, {1u << 20, 8});
  const std::string line(reinterpret_cast<const char*>(data), size);
  run(all, line, false);
  run(production, line, size % 2 == 1);
  differential(all, line, false);
  differential(production, line, size % 2 == 1);
  return 0;
}
