#include "engine/testing/fixture_reader.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "engine/ingest/timestamp.hpp"
#include "engine/validate/event_validator.hpp"

namespace sigil::testing {
namespace {

namespace fs = std::filesystem;
using rapidjson::Value;
constexpr unsigned kParseFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag;
constexpr std::string_view kDefaultStart = "2026-01-01T00:00:00Z";
constexpr std::int64_t kMaxRepeat = 10000;

std::string_view str(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// 1-based line and column of a byte offset.
std::pair<std::uint32_t, std::uint32_t> line_col(std::string_view text, std::size_t offset) {
  std::uint32_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, col = 1;
    else ++col;
  }
  return {line, col};
}

std::string to_json(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// `over` wins; objects merge recursively.
void merge_into(Value& target, const Value& defaults, rapidjson::Document::AllocatorType& a) {
  for (auto m = defaults.MemberBegin(); m != defaults.MemberEnd(); ++m) {
    auto existing = target.FindMember(m->name);
    if (existing == target.MemberEnd()) {
      target.AddMember(Value(m->name, a), Value(m->value, a), a);
    } else if (existing->value.IsObject() && m->value.IsObject()) {
      merge_into(existing->value, m->value, a);
    }
  }
}

// Reads one case; appends problems to `out.problems`.
class CaseReader {
 public:
  CaseReader(const std::string& file, const FixtureContext& context, const Value* file_defaults,
             std::int64_t file_start)
      : file_(file), context_(context), file_defaults_(file_defaults), file_start_(file_start) {}

  FixtureCase read(const Value& json, std::size_t index) {
    out_ = FixtureCase{};
    start_ = file_start_;
    event_index_ = 0;
    case_defaults_ = nullptr;
    pointer_ = fmt::format("/tests/{}", index);
    out_.test.origin = {file_, pointer_};
    out_.test.name = fmt::format("case {}", index + 1);
    if (!json.IsObject()) {
      problem("a test case is a JSON object");
      return std::move(out_);
    }
    if (auto n = json.FindMember("name"); n != json.MemberEnd()) {
      if (n->value.IsString() && n->value.GetStringLength() > 0) out_.test.name = std::string(str(n->value));
      else problem("`name` is a non-empty string", "/name");
    } else {
      problem("the case has no `name`");
    }
    static constexpr std::array<std::string_view, 11> known = {
        "name", "rule", "rules", "start", "defaults", "events", "expect", "lateness", "end_of_input", "skip",
        "description"};
    for (auto m = json.MemberBegin(); m != json.MemberEnd(); ++m)
      if (std::find(known.begin(), known.end(), str(m->name)) == known.end())
        problem(fmt::format("unknown key `{}` (a case has: name, rule or rules, start, defaults, events, "
                            "expect, lateness, end_of_input, skip, description)",
                            str(m->name)));
    read_rules(json);
    read_options(json);
    read_expect(json);
    read_events(json);
    return std::move(out_);
  }

 private:
  void problem(std::string message, std::string sub = {}) {
    FixtureProblem p;
    p.file = file_;
    p.case_name = out_.test.name;
    p.where = pointer_ + sub;
    p.message = std::move(message);
    out_.problems.push_back(std::move(p));
  }

  void read_rules(const Value& json) {
    auto add = [&](const Value& v, const std::string& at) {
      if (!v.IsString()) return problem("a rule id is a string", at);
      std::string id(str(v));
      if (context_.loaded_rules && !context_.loaded_rules->count(id))
        problem(fmt::format("the case tests rule `{}`, which is not loaded", id), at);
      out_.test.rules.push_back(std::move(id));
    };
    if (auto r = json.FindMember("rule"); r != json.MemberEnd()) add(r->value, "/rule");
    if (auto r = json.FindMember("rules"); r != json.MemberEnd()) {
      if (!r->value.IsArray() || r->value.Empty()) return problem("`rules` is a non-empty array of rule ids", "/rules");
      for (rapidjson::SizeType i = 0; i < r->value.Size(); ++i) add(r->value[i], fmt::format("/rules/{}", i));
    }
    if (out_.test.rules.empty()) {
      if (context_.rules_in_file.size() == 1) out_.test.rules = context_.rules_in_file;
      else problem("name the rule the case tests with `rule` (the rule file does not hold exactly one rule)");
    }
  }

  void read_options(const Value& json) {
    if (auto s = json.FindMember("start"); s != json.MemberEnd()) {
      auto t = s->value.IsString() ? parse_rfc3339_ns(str(s->value)) : std::nullopt;
      if (t) start_ = *t;
      else problem("`start` is an RFC 3339 time such as \"2026-11-25T10:00:00Z\"", "/start");
    }
    if (auto l = json.FindMember("lateness"); l != json.MemberEnd()) {
      auto d = l->value.IsString() ? parse_offset(str(l->value)) : std::nullopt;
      if (d && *d >= 0 && str(l->value).front() != '+' && str(l->value).front() != '-') out_.test.lateness_ns = *d;
      else problem("`lateness` is a duration such as \"30s\", \"2m\", \"500ms\"", "/lateness");
    }
    if (auto e = json.FindMember("end_of_input"); e != json.MemberEnd()) {
      if (e->value.IsBool()) out_.test.end_of_input = e->value.GetBool();
      else problem("`end_of_input` is true or false", "/end_of_input");
    }
    if (auto s = json.FindMember("skip"); s != json.MemberEnd()) {
      if (s->value.IsString()) out_.test.skip = std::string(str(s->value));
      else if (s->value.IsBool()) {
        if (s->value.GetBool()) out_.test.skip = std::string("skipped");
      } else {
        problem("`skip` is a reason (string) or true", "/skip");
      }
    }
    if (auto d = json.FindMember("defaults"); d != json.MemberEnd()) {
      if (d->value.IsObject()) case_defaults_ = &d->value;
      else problem("`defaults` is an object of event fields", "/defaults");
    } else {
      case_defaults_ = nullptr;
    }
  }

  std::optional<std::vector<std::string>> strings(const Value& v, const std::string& at, bool allow_one) {
    std::vector<std::string> out;
    if (allow_one && v.IsString()) return std::vector<std::string>{std::string(str(v))};
    if (!v.IsArray()) {
      problem("expected an array of strings", at);
      return std::nullopt;
    }
    for (const Value& e : v.GetArray()) {
      if (!e.IsString()) {
        problem("expected an array of strings", at);
        return std::nullopt;
      }
      out.emplace_back(str(e));
    }
    return out;
  }

  void read_alert(const Value& v, const std::string& at) {
    AlertExpectation e;
    if (!v.IsObject()) return problem("an expected alert is an object of fields", at);
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      std::string_view key = str(m->name);
      std::string sub = fmt::format("{}/{}", at, key);
      const Value& x = m->value;
      auto text = [&](std::optional<std::string>& slot) {
        if (x.IsString()) slot = std::string(str(x));
        else problem(fmt::format("`{}` is a string", key), sub);
      };
      if (key == "severity") text(e.severity);
      else if (key == "message") text(e.message);
      else if (key == "message_contains") text(e.message_contains);
      else if (key == "sequence") text(e.sequence);
      else if (key == "atlas") e.atlas = strings(x, sub, true);
      else if (key == "evidence") e.evidence = strings(x, sub, true);
      else if (key == "suppressed") {
        if (x.IsUint64()) e.suppressed = x.GetUint64();
        else problem("`suppressed` is a non-negative integer", sub);
      } else if (key == "aggregates") {
        if (!x.IsObject()) {
          problem("`aggregates` is an object of numbers", sub);
          continue;
        }
        for (auto a = x.MemberBegin(); a != x.MemberEnd(); ++a) {
          if (a->value.IsNumber()) e.aggregates.emplace_back(str(a->name), a->value.GetDouble());
          else problem("an aggregate value is a number", fmt::format("{}/{}", sub, str(a->name)));
        }
      } else if (key == "bindings") {
        if (!x.IsObject()) {
          problem("`bindings` is an object of strings", sub);
          continue;
        }
        for (auto b = x.MemberBegin(); b != x.MemberEnd(); ++b) {
          if (b->value.IsString()) e.bindings.emplace_back(str(b->name), str(b->value));
          else problem("a bound value is a string", fmt::format("{}/{}", sub, str(b->name)));
        }
      } else {
        problem(fmt::format("unknown alert field `{}` (expected: severity, atlas, message, message_contains, "
                            "evidence, aggregates, sequence, bindings, suppressed)",
                            key),
                sub);
      }
    }
    out_.test.expect.alerts.push_back(std::move(e));
  }

  void read_expect(const Value& json) {
    auto x = json.FindMember("expect");
    if (x == json.MemberEnd()) return problem("the case has no `expect` (\"match\", \"no-match\", a count or an object)");
    Expectation& e = out_.test.expect;
    const Value& v = x->value;
    if (v.IsString() && str(v) == "match") e.match = true;
    else if (v.IsString() && (str(v) == "no-match" || str(v) == "no match")) e.match = false;
    else if (v.IsUint64()) e.count = v.GetUint64();
    else if (v.IsObject()) {
      for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
        std::string_view key = str(m->name);
        std::string sub = fmt::format("/expect/{}", key);
        if (key == "count") {
          if (m->value.IsUint64()) e.count = m->value.GetUint64();
          else problem("`count` is a non-negative integer", sub);
        } else if (key == "match") {
          if (m->value.IsBool()) e.match = m->value.GetBool();
          else problem("`match` is true or false", sub);
        } else if (key == "alerts") {
          if (!m->value.IsArray()) {
            problem("`alerts` is an array of expected alerts", sub);
            continue;
          }
          for (rapidjson::SizeType i = 0; i < m->value.Size(); ++i)
            read_alert(m->value[i], fmt::format("{}/{}", sub, i));
          if (!e.count && !e.match) e.count = m->value.Size();
        } else {
          problem(fmt::format("unknown key `{}` in `expect` (expected: count, match, alerts)", key), sub);
        }
      }
      if (auto c = v.FindMember("count"); c != v.MemberEnd() && c->value.IsUint64()) e.count = c->value.GetUint64();
      if (e.count && e.match && (*e.count > 0) != *e.match)
        problem("`count` and `match` disagree", "/expect");
      if (!e.count && !e.match) problem("`expect` needs `count`, `match` or `alerts`", "/expect");
    } else {
      problem("`expect` is \"match\", \"no-match\", a count, or an object with count, match, alerts", "/expect");
    }
  }

  void read_events(const Value& json) {
    auto ev = json.FindMember("events");
    if (ev == json.MemberEnd()) return problem("the case has no `events`");
    cursor_ = start_;
    if (ev->value.IsArray()) {
      for (rapidjson::SizeType i = 0; i < ev->value.Size(); ++i)
        add_event(ev->value[i], fmt::format("{}/events/{}", pointer_, i));
    } else if (ev->value.IsString()) {
      read_jsonl(std::string(str(ev->value)));
    } else {
      problem("`events` is an array of events or the path of a JSON Lines file", "/events");
    }
  }

  void read_jsonl(const std::string& relative) {
    fs::path path = fs::path(file_).parent_path() / relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) return problem(fmt::format("cannot read the events file {}", path.string()), "/events");
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      std::string where = fmt::format("{}:{}", path.string(), number);
      rapidjson::Document doc;
      doc.Parse<kParseFlags>(line.data(), line.size());
      if (doc.HasParseError()) {
        event_problem(where, "", fmt::format("not JSON at byte {}: {}", doc.GetErrorOffset() + 1,
                                             rapidjson::GetParseError_En(doc.GetParseError())));
        ++event_index_;
        continue;
      }
      add_event(doc, where);
    }
  }

  void event_problem(const std::string& where, std::string pointer, std::string message) {
    FixtureProblem p;
    p.file = file_;
    p.case_name = out_.test.name;
    p.event = event_index_;
    p.where = where;
    p.pointer = std::move(pointer);
    p.message = std::move(message);
    out_.problems.push_back(std::move(p));
  }

  void add_event(const Value& input, const std::string& where) {
    if (!input.IsObject()) {
      event_problem(where, "", "an event is a JSON object");
      ++event_index_;
      return;
    }
    rapidjson::Document event;
    event.CopyFrom(input, event.GetAllocator());
    auto& a = event.GetAllocator();
    std::optional<std::int64_t> at;
    std::int64_t repeat = 1, every = 0;
    bool bad = false;
    if (auto m = event.FindMember("at"); m != event.MemberEnd()) {
      std::string_view text = m->value.IsString() ? str(m->value) : std::string_view();
      if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        if (auto d = parse_offset(text)) at = start_ + *d;
      } else if (!text.empty()) {
        at = parse_rfc3339_ns(text);
      }
      if (!at) event_problem(where, "/at", "`at` is an offset from the case start (\"+30s\", \"+1m30s\") or an "
                                           "RFC 3339 time"), bad = true;
      event.RemoveMember("at");
      if (event.HasMember("time") || event.HasMember("time_unix_nano"))
        event_problem(where, "/time", "give `at` or `time`, not both"), bad = true;
    }
    if (auto m = event.FindMember("repeat"); m != event.MemberEnd()) {
      if (m->value.IsInt64() && m->value.GetInt64() >= 1 && m->value.GetInt64() <= kMaxRepeat) repeat = m->value.GetInt64();
      else event_problem(where, "/repeat", fmt::format("`repeat` is a count from 1 to {}", kMaxRepeat)), bad = true;
      event.RemoveMember("repeat");
    }
    if (auto m = event.FindMember("every"); m != event.MemberEnd()) {
      auto d = m->value.IsString() ? parse_offset(str(m->value)) : std::nullopt;
      if (d && *d >= 0) every = *d;
      else event_problem(where, "/every", "`every` is a duration such as \"10s\""), bad = true;
      event.RemoveMember("every");
    }
    if (case_defaults_) merge_into(event, *case_defaults_, a);
    if (file_defaults_) merge_into(event, *file_defaults_, a);
    bool explicit_time = event.HasMember("time") || event.HasMember("time_unix_nano");
    if (explicit_time && !at) {
      if (auto t = event.FindMember("time"); t != event.MemberEnd() && t->value.IsString())
        if (auto parsed = parse_rfc3339_ns(str(t->value))) cursor_ = *parsed;
    }
    std::int64_t base = at ? *at : cursor_;
    for (std::int64_t k = 0; k < repeat && !bad; ++k) {
      std::int64_t t = base + k * every;
      if (!explicit_time || at) {
        char buffer[32];
        std::size_t n = format_rfc3339_ns(t, buffer);
        event.RemoveMember("time");
        event.AddMember("time", Value(buffer, static_cast<rapidjson::SizeType>(n), a), a);
      }
      std::string json;
      if (repeat > 1) {  // copies are told apart: event.id "e1" becomes "e1-1", "e1-2", ...
        rapidjson::Document copy;
        copy.CopyFrom(event, copy.GetAllocator());
        auto id_holder = copy.FindMember("event");
        if (id_holder != copy.MemberEnd() && id_holder->value.IsObject()) {
          auto id = id_holder->value.FindMember("id");
          if (id != id_holder->value.MemberEnd() && id->value.IsString()) {
            std::string suffixed = fmt::format("{}-{}", str(id->value), k + 1);
            id->value.SetString(suffixed.data(), static_cast<rapidjson::SizeType>(suffixed.size()),
                                copy.GetAllocator());
          }
        }
        json = to_json(copy);
      } else {
        json = to_json(event);
      }
      std::string at_where = repeat > 1 ? fmt::format("{} (copy {})", where, k + 1) : where;
      bool valid = true;
      if (context_.validator)
        for (const ValidationError& e : context_.validator->validate(json)) {
          event_problem(at_where, e.pointer, e.message);
          valid = false;
        }
      if (valid) out_.test.events.push_back({std::move(json), at_where});
      if (!explicit_time || at) cursor_ = t;
      ++event_index_;
    }
    if (bad) ++event_index_;
  }

  const std::string& file_;
  const FixtureContext& context_;
  const Value* file_defaults_;
  const Value* case_defaults_ = nullptr;
  std::int64_t file_start_;
  std::int64_t start_ = 0;
  std::int64_t cursor_ = 0;
  std::size_t event_index_ = 0;
  std::string pointer_;
  FixtureCase out_;
};

}  // namespace

std::string describe(const FixtureProblem& p) {
  std::string out = p.file;
  if (p.line) out += fmt::format(":{}:{}", p.line, p.column);
  out += ": ";
  if (!p.case_name.empty()) out += fmt::format("case \"{}\": ", p.case_name);
  if (p.event) out += fmt::format("event {} ({}): ", *p.event + 1, p.where);
  else if (!p.where.empty()) out += fmt::format("at {}: ", p.where);
  if (p.event) out += fmt::format("{}: ", p.pointer.empty() ? "(the event)" : p.pointer);
  return out + p.message;
}

std::string fixture_path_for(std::string_view rule_file) {
  std::string path(rule_file);
  if (path.size() > 6 && path.ends_with(".sigil")) path.resize(path.size() - 6);
  return path + ".tests.json";
}

std::optional<std::int64_t> parse_offset(std::string_view text) {
  std::int64_t sign = 1;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    std::int64_t n = std::stoll(std::string(text.substr(0, digits)));
    text.remove_prefix(digits);
    std::int64_t unit = 0;
    if (text.starts_with("ms")) unit = 1'000'000, text.remove_prefix(2);
    else if (text.starts_with("s")) unit = 1'000'000'000, text.remove_prefix(1);
    else if (text.starts_with("m")) unit = 60'000'000'000, text.remove_prefix(1);
    else if (text.starts_with("h")) unit = 3'600'000'000'000, text.remove_prefix(1);
    else if (text.starts_with("d")) unit = 86'400'000'000'000, text.remove_prefix(1);
    else return std::nullopt;
    total += n * unit;
  }
  return sign * total;
}

Fixture read_fixture_text(const std::string& path, std::string_view text, const FixtureContext& context) {
  Fixture fixture;
  fixture.file = path;
  auto file_problem = [&](std::string message, std::size_t offset = std::string::npos) {
    FixtureProblem p;
    p.file = path;
    p.message = std::move(message);
    if (offset != std::string::npos) std::tie(p.line, p.column) = line_col(text, offset);
    fixture.problems.push_back(std::move(p));
  };
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(text.data(), text.size());
  if (doc.HasParseError()) {
    file_problem(fmt::format("not valid JSON: {}", rapidjson::GetParseError_En(doc.GetParseError())),
                 doc.GetErrorOffset());
    return fixture;
  }
  if (!doc.IsObject()) {
    file_problem("a fixture is a JSON object with a `tests` array");
    return fixture;
  }
  for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
    std::string_view key = str(m->name);
    if (key != "tests" && key != "start" && key != "defaults" && key != "description")
      file_problem(fmt::format("unknown key `{}` (a fixture has: tests, start, defaults, description)", key));
  }
  std::int64_t start = *parse_rfc3339_ns(kDefaultStart);
  if (auto s = doc.FindMember("start"); s != doc.MemberEnd()) {
    auto t = s->value.IsString() ? parse_rfc3339_ns(str(s->value)) : std::nullopt;
    if (t) start = *t;
    else file_problem("`start` is an RFC 3339 time such as \"2026-11-25T10:00:00Z\"");
  }
  const Value* defaults = nullptr;
  if (auto d = doc.FindMember("defaults"); d != doc.MemberEnd()) {
    if (d->value.IsObject()) defaults = &d->value;
    else file_problem("`defaults` is an object of event fields");
  }
  auto tests = doc.FindMember("tests");
  if (tests == doc.MemberEnd() || !tests->value.IsArray()) {
    file_problem("a fixture has a `tests` array");
    return fixture;
  }
  CaseReader reader(path, context, defaults, start);
  for (rapidjson::SizeType i = 0; i < tests->value.Size(); ++i) fixture.cases.push_back(reader.read(tests->value[i], i));
  return fixture;
}

Fixture read_fixture(const std::string& path, const FixtureContext& context) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Fixture fixture;
    fixture.file = path;
    fixture.problems.push_back({path, {}, std::nullopt, {}, {}, "cannot read the fixture file", 0, 0});
    return fixture;
  }
  std::stringstream text;
  text << in.rdbuf();
  return read_fixture_text(path, text.str(), context);
}

}  // namespace sigil::testing
