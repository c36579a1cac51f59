#include "engine/validate/canonicalize.hpp"

#include <fmt/format.h>

#include <string_view>

namespace sigil::validate_detail {
namespace {

std::vector<std::string_view> split_key(std::string_view key) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  for (std::size_t dot; (dot = key.find('.', start)) != std::string_view::npos; start = dot + 1)
    segments.push_back(key.substr(start, dot - start));
  segments.push_back(key.substr(start));
  for (std::string_view segment : segments)
    if (segment.empty()) return {key};  // not a path; keep the key as it is
  return segments;
}

std::string join(const std::string& path, std::string_view segment) {
  return path.empty() ? std::string(segment) : path + "." + std::string(segment);
}

class Folder {
 public:
  Folder(const FieldCatalog& catalog, rj::Document::AllocatorType& allocator,
         std::vector<ValidationError>& errors)
      : catalog_(catalog), allocator_(allocator), errors_(errors) {}

  // Adds the members of object `from` to object `into`, which sits at `path` / `pointer`.
  void fold_members(const rj::Value& from, rj::Value& into, const std::string& path,
                    const std::string& pointer) {
    const bool split = !is_open(path);
    for (const auto& member : from.GetObject()) {
      std::string_view key(member.name.GetString(), member.name.GetStringLength());
      std::vector<std::string_view> segments = split ? split_key(key) : std::vector{key};
      insert(into, segments, 0, member.value, path, pointer);
    }
  }

 private:
  bool is_open(const std::string& path) const {
    if (path.empty()) return false;
    const FieldSpec* field = catalog_.find(path);
    return (field && field->open) || catalog_.open_ancestor(path);
  }

  void duplicate(const std::string& path, const std::string& pointer) {
    errors_.push_back({pointer, fmt::format("duplicate field {}", path)});
  }

  rj::Value name_of(std::string_view segment) {
    return rj::Value(segment.data(), static_cast<rj::SizeType>(segment.size()), allocator_);
  }

  void insert(rj::Value& object, const std::vector<std::string_view>& segments, std::size_t index,
              const rj::Value& value, const std::string& path, const std::string& pointer) {
    const std::string_view segment = segments[index];
    const std::string child_path = join(path, segment);
    const std::string child_pointer = pointer + "/" + escape_pointer_token(segment);
    auto existing = object.FindMember(
        rj::Value(rj::StringRef(segment.data(), static_cast<rj::SizeType>(segment.size()))));
    if (index + 1 < segments.size()) {  // an intermediate object of a dotted key
      if (existing == object.MemberEnd()) {
        object.AddMember(name_of(segment), rj::Value(rj::kObjectType), allocator_);
        existing = object.MemberEnd() - 1;
      } else if (!existing->value.IsObject()) {
        return duplicate(child_path, child_pointer);
      }
      return insert(existing->value, segments, index + 1, value, child_path, child_pointer);
    }
    if (existing == object.MemberEnd()) {
      object.AddMember(name_of(segment), copy(value, child_path, child_pointer), allocator_);
    } else if (existing->value.IsObject() && value.IsObject()) {
      fold_members(value, existing->value, child_path, child_pointer);  // both spellings: merge
    } else {
      duplicate(child_path, child_pointer);
    }
  }

  rj::Value copy(const rj::Value& value, const std::string& path, const std::string& pointer) {
    if (value.IsObject()) {
      rj::Value out(rj::kObjectType);
      fold_members(value, out, path, pointer);
      return out;
    }
    if (value.IsArray()) {  // elements share the path: arrays are elided in field paths
      rj::Value out(rj::kArrayType);
      for (rj::SizeType i = 0; i < value.Size(); ++i)
        out.PushBack(copy(value[i], path, fmt::format("{}/{}", pointer, i)), allocator_);
      return out;
    }
    return rj::Value(value, allocator_);
  }

  const FieldCatalog& catalog_;
  rj::Document::AllocatorType& allocator_;
  std::vector<ValidationError>& errors_;
};

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

void canonicalize(const rj::Value& input, rj::Document& output, const FieldCatalog& catalog,
                  std::vector<ValidationError>& errors) {
  output.SetObject();
  Folder(catalog, output.GetAllocator(), errors).fold_members(input, output, "", "");
}

}  // namespace sigil::validate_detail
