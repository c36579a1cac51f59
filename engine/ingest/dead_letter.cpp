#include "engine/ingest/dead_letter.hpp"

#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sigil {
namespace {

bool is_valid_utf8(std::string_view bytes) {
  rapidjson::MemoryStream stream(bytes.data(), bytes.size());
  while (stream.Tell() < bytes.size()) {
    unsigned codepoint;
    if (!rapidjson::UTF8<>::Decode(stream, &codepoint)) return false;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

void append_dead_letter(std::string& out, const SourceTable& sources, const RawRecord& record,
                        std::string_view original, const Rejection& rejection) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("reason");
  writer.String(reject_code(rejection.reason).data(), static_cast<rapidjson::SizeType>(reject_code(rejection.reason).size()));
  writer.Key("message");
  writer.String(rejection.message.data(), static_cast<rapidjson::SizeType>(rejection.message.size()));
  writer.Key("source");
  writer.StartObject();
  const SourceTable::Entry& source = sources.at(record.position.source);
  if (source.type == SourceTable::Type::file) {
    writer.Key("file");
    writer.String(source.name.data(), static_cast<rapidjson::SizeType>(source.name.size()));
    writer.Key("line");
    writer.Int64(record.position.offset);
  } else {
    writer.Key("topic");
    writer.String(source.name.data(), static_cast<rapidjson::SizeType>(source.name.size()));
    writer.Key("partition");
    writer.Int(record.position.partition);
    writer.Key("offset");
    writer.Int64(record.position.offset);
  }
  writer.EndObject();
  if (rejection.byte_offset != Rejection::kUnknownOffset) {
    writer.Key("byte_offset");
    writer.Uint64(rejection.byte_offset);
  }
  writer.Key("original_length");
  writer.Uint64(record.original_length);
  if (record.length < record.original_length) {
    writer.Key("truncated");
    writer.Bool(true);
  }
  if (is_valid_utf8(original)) {
    writer.Key("original");
    writer.String(original.data(), static_cast<rapidjson::SizeType>(original.size()));
  } else {
    std::string encoded = base64(original);
    writer.Key("original_base64");
    writer.String(encoded.data(), static_cast<rapidjson::SizeType>(encoded.size()));
  }
  writer.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
  out.push_back('\n');
}

}  // namespace sigil
