// Differential test of the normalizer's two parsers: the fast path (with the reference path
// behind it) against the reference path alone, on the fuzz corpus, the examples, hand-written
// edge cases, and mutations of all of them. Same verdict, same reason, message and byte offset
// for rejections; same kind, time and values (type, bits, bytes) for every field of accepted events.

#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/event/event.hpp"
#include "engine/event/field_catalog.hpp"
#include "engine/ingest/field_plan.hpp"
#include "engine/ingest/normalizer.hpp"

using namespace sigil;

namespace {

struct Side {
  std::unique_ptr<Normalizer> normalizer;
  Event event;
  Rejection rejection;
  bool accepted = false;
  RawBatch batch;       // the event's views point into these two
  std::string scratch;
};

// One plan, two normalizers over it.
struct Differential {
  FieldPlan plan{FieldCatalog::builtin()};
  Side fast, reference;
  std::size_t compared = 0, accepted = 0;

  Differential(bool materialize_all, NormalizerLimits limits) {
    for (const char* path : {"prompt.text", "tool.arguments.to", "tool.arguments.cmd.args", "extra.field", "x",
                             "user.roles", "retrieval.documents.id", "prompt.risk_score", "a..b", "x_custom.tenant",
                             "guardrail.confidence", "http.response.status_code", "usage.cost_usd"})
      plan.add_path(path);
    if (materialize_all) plan.materialize_all();
    plan.freeze();
    NormalizerLimits ref = limits;
    ref.fast_path = false;
    fast.normalizer = std::make_unique<Normalizer>(plan, limits);
    reference.normalizer = std::make_unique<Normalizer>(plan, ref);
  }

  static void run(Side& side, const std::string& line) {
    side.batch.clear();
    side.batch.bytes = line;
    side.batch.records.push_back(RawRecord{0, line.size(), line.size(), {0, -1, 1}});
    side.scratch = line + '\0';
    side.accepted =
        side.normalizer->normalize(side.batch, side.batch.records[0], side.scratch.data(), side.event, side.rejection);
  }

  static std::string describe(const Value& v) {
    std::string out = std::to_string(static_cast<int>(v.type)) + ":" + std::to_string(v.boolean) + ":" +
                      std::to_string(v.integer) + ":";
    std::uint64_t bits;
    std::memcpy(&bits, &v.number, 8);
    out += std::to_string(bits) + ":" + std::string(v.text);
    return out;
  }

  std::vector<std::string> snapshot(const Side& side) const {
    std::vector<std::string> out;
    if (!side.accepted) {
      out.push_back(std::string(reject_code(side.rejection.reason)) + " | " + side.rejection.message + " | " +
                    std::to_string(side.rejection.byte_offset));
      return out;
    }
    out.push_back("kind " + std::string(kind_name(side.event.kind())) + " time " + std::to_string(side.event.time_ns()));
    for (FieldId id = 0; id < plan.size(); ++id)
      for (const Value& v : side.event.values(id)) out.push_back(plan.slot(id).path + " = " + describe(v));
    return out;
  }

  void check(const std::string& line) {
    run(fast, line);
    std::vector<std::string> a = snapshot(fast);
    run(reference, line);
    std::vector<std::string> b = snapshot(reference);
    ++compared;
    if (reference.accepted) ++accepted;
    if (a != b) {
      CAPTURE(line);
      CHECK(a == b);
    }
  }
};

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::string contents_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> inputs() {
  const std::filesystem::path root = SIGIL_SOURCE_DIR;
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(root / "tests/fuzz/corpus/normalizer")) {
    std::string text = contents_of(entry.path());
    if (!text.empty() && text.back() == '\n') text.pop_back();
    out.push_back(text);
  }
  for (const char* file : {"examples/telemetry.jsonl", "examples/bad-input.jsonl"})
    for (std::string& line : lines_of(root / file)) out.push_back(std::move(line));
  const std::string head = R"({"kind":"prompt","time":"2026-11-25T10:00:00Z","session":{"id":"s"},"user":{"id":"u"})";
  for (const char* tail : {
           R"(,"prompt":{"text":"caf\u00e9 \ud83d\ude00 \n\t\"q\" \\ \/ \b\f\r"}})",
           R"(,"prompt":{"text":"\ud83d"}})", R"(,"prompt":{"text":"\ude00"}})", R"(,"prompt":{"text":"\u00"}})",
           R"(,"prompt":{"text":"\x"}})", R"(,"prompt":{"text":"a\u0000b"}})", R"(,"prompt\u002etext":"dotted"})",
           R"(,"pr\u006fmpt":{"text":"escaped key"}})", R"(,"prompt":{"risk_score":0.30000000000000004}})",
           R"(,"prompt":{"risk_score":1e400}})", R"(,"prompt":{"risk_score":-0}})", R"(,"prompt":{"risk_score":-0.0}})",
           R"(,"prompt":{"risk_score":1E+2}})", R"(,"prompt":{"risk_score":12345678901234567890}})",
           R"(,"prompt":{"risk_score":123456789012345678901234567890.5e-3}})", R"(,"prompt":{"risk_score":01}})",
           R"(,"prompt":{"risk_score":1.}})", R"(,"prompt":{"risk_score":.5}})", R"(,"prompt":{"risk_score":1e}})",
           R"(,"prompt":{"risk_score":2.5e-320}})", R"(,"prompt":{"risk_score":9e300}})", R"(,"prompt":{"risk_score":1e0300}})",
           R"(,"prompt":{"risk_score":4.35}})", R"(,"prompt":{"risk_score":"high"}})", R"(,"x":[1,[2,[3,{"y":null}]]]})",
           R"(,"x":true,"extra.field":false,"extra":{"field":null}})", R"(,"session":{"id":"dup"}})",
           R"(,"tool":{"arguments":{"to":"a\"b","cmd":{"args":["-rf","/"]}}}})", R"(,"tool":{"arguments":[1,2]}})",
           R"(,"a..b":1,"a":{"":{"b":2}}})", R"(,"user.roles":["a",null,"b"]})", R"(,"user":{"roles":"one"}})",
           R"(,"usage":{"input_tokens":9223372036854775807}})", R"(,"usage":{"input_tokens":9223372036854775808}})",
           R"(,"usage":{"input_tokens":-9223372036854775808}})", R"(,"usage":{"input_tokens":1.0}})",
           " , \"x\" : [ 1 , { } , [ ] ] } \r\n\t ", "}}", "}x", ",}", R"(,"x":tru})", R"(,"x":nul})",
           "\xEF\xBB\xBF}", ",\"x\":\"\xC3\x28\"}", ",\"x\":\"\xED\xA0\x80\"}", ",\"x\":\"\xF4\x90\x80\x80\"}",
           ",\"x\":\"\xE0\x80\xAF\"}", ",\"x\":\"\xF0\x9F\x98\x80\"}", ",\"x\":\"\x7F\x1F\"}",
           ",\"prompt\":{\"text\":\"\xC3\"}}"})
    out.push_back(head + tail);
  out.push_back(std::string("{\"kind\":\"prompt\",\"x\":\"a\0b\"}", 25));
  std::string deep = head.substr(0, head.size() - 1) + ",\"x\":";
  for (int i = 0; i < 70; ++i) deep += "[";
  for (int i = 0; i < 70; ++i) deep += "]";
  out.push_back(deep + "}");
  return out;
}

// Single-byte mutations and truncations, deterministic.
std::vector<std::string> mutations(const std::vector<std::string>& seeds, std::size_t per_seed) {
  static constexpr char kBytes[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '.', 'e', '-', '0', '9', ' ', 'u',
                                    'n', 't', '\x80', '\xC3', '\xF0', '\x1F', '\0', 'x'};
  std::mt19937 rng(12345);
  std::vector<std::string> out;
  for (const std::string& seed : seeds) {
    if (seed.empty()) continue;
    for (std::size_t k = 0; k < per_seed; ++k) {
      std::string m = seed;
      std::size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0: m[at] = kBytes[rng() % sizeof kBytes]; break;
        case 1: m.insert(at, 1, kBytes[rng() % sizeof kBytes]); break;
        case 2: m.erase(at, 1); break;
        default: m.resize(at); break;
      }
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("fast parse: same events and rejections as the reference parser") {
  std::vector<std::string> seeds = inputs();
  std::vector<std::string> all = seeds;
  // Every example line is mutated a little; the corpus and edge cases a lot.
  for (std::string& m : mutations(std::vector<std::string>(seeds.begin(), seeds.begin() + 37), 200)) all.push_back(std::move(m));
  for (std::string& m : mutations(seeds, 4)) all.push_back(std::move(m));

  for (bool materialize_all : {true, false}) {
    for (NormalizerLimits limits : {NormalizerLimits{}, NormalizerLimits{1u << 20, 4}}) {
      CAPTURE(materialize_all);
      CAPTURE(limits.max_depth);
      Differential d(materialize_all, limits);
      for (const std::string& line : all) d.check(line);
      MESSAGE(d.compared << " records compared, " << d.accepted << " accepted");
      CHECK(d.accepted > 3000);
    }
  }
}
