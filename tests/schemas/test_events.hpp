#pragma once
// Helpers shared by the schema tests: the fixture events and a nested -> flat rewriting.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <string>
#include <vector>

namespace sigil::test {

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// One event of each kind (and both forms of tool.arguments and of the time), nested form.
inline std::vector<std::string> fixture_events() {
  return read_lines(SIGIL_SOURCE_DIR "/tests/schemas/fixtures/valid/all_kinds.jsonl");
}

namespace detail {
inline void flatten_into(const rapidjson::Value& object, const std::string& prefix,
                         rapidjson::Value& out, rapidjson::Document::AllocatorType& allocator) {
  for (const auto& member : object.GetObject()) {
    std::string path = prefix + member.name.GetString();
    if (member.value.IsObject() && member.value.MemberCount() > 0) {
      flatten_into(member.value, path + ".", out, allocator);
    } else {
      out.AddMember(rapidjson::Value(path.c_str(), allocator), rapidjson::Value(member.value, allocator),
                    allocator);
    }
  }
}
}  // namespace detail

// The same event with every object path written as one dotted key: {"user.id":"u1", ...}.
inline std::string flatten(const std::string& nested) {
  rapidjson::Document in;
  in.Parse(nested.c_str());
  rapidjson::Document out;
  out.SetObject();
  detail::flatten_into(in, "", out, out.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  out.Accept(writer);
  return buffer.GetString();
}

}  // namespace sigil::test
