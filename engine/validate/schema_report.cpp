#include "engine/validate/schema_report.hpp"

#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "engine/validate/canonicalize.hpp"

namespace sigil::validate_detail {
namespace {

using Allocator = rj::Document::AllocatorType;

const rj::Value* member(const rj::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view text(const rj::Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::string pointer_text(const rj::Pointer& pointer) {
  rj::StringBuffer buffer;
  pointer.Stringify(buffer);
  return buffer.GetString();
}

// A value as it would appear in JSON, shortened: messages quote what the producer sent.
std::string show(const rj::Value& value) {
  rj::StringBuffer buffer;
  rj::Writer<rj::StringBuffer> writer(buffer);
  value.Accept(writer);
  std::string out = buffer.GetString();
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

// The dotted field path of a document pointer, array indices elided: /a/b/0/c -> a.b.c
std::string dotted(const rj::Pointer& pointer, const rj::Value& document) {
  std::string out;
  const rj::Value* current = &document;
  for (std::size_t i = 0; i < pointer.GetTokenCount(); ++i) {
    const rj::Pointer::Token& token = pointer.GetTokens()[i];
    if (current && current->IsArray()) {
      current = token.index < current->Size() ? &(*current)[token.index] : nullptr;
      continue;
    }
    if (!out.empty()) out += '.';
    out.append(token.name, token.length);
    const rj::Value* next = nullptr;
    if (current && current->IsObject()) {
      auto it = current->FindMember(rj::Value(rj::StringRef(token.name, token.length)));
      if (it != current->MemberEnd()) next = &it->value;
    }
    current = next;
  }
  return out;
}

std::vector<std::string_view> type_names(const rj::Value& schema) {
  std::vector<std::string_view> names;
  if (const rj::Value* type = member(schema, "type")) {
    if (type->IsString()) names.push_back(text(*type));
    if (type->IsArray())
      for (const rj::Value& name : type->GetArray())
        if (name.IsString()) names.push_back(text(name));
  }
  return names;
}

std::string list_enum(const rj::Value& schema) {
  std::vector<std::string> values;
  if (const rj::Value* e = member(schema, "enum"); e && e->IsArray())
    for (const rj::Value& v : e->GetArray()) values.push_back(v.IsString() ? std::string(text(v)) : show(v));
  return fmt::format("{}", fmt::join(values, ", "));
}

bool has_type(const std::vector<std::string_view>& names, std::string_view name) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

// A value that `schema` accepts, or nullopt when none is obvious (a pattern to satisfy).
std::optional<rj::Value> placeholder(const rj::Value& schema, Allocator& allocator) {
  if (!schema.IsObject()) return std::nullopt;
  if (const rj::Value* d = member(schema, "default")) return rj::Value(*d, allocator);
  if (const rj::Value* e = member(schema, "enum"); e && e->IsArray() && !e->Empty())
    return rj::Value((*e)[0], allocator);
  auto names = type_names(schema);
  if (names.empty()) return rj::Value();
  if (has_type(names, "integer") || has_type(names, "number")) {
    if (const rj::Value* minimum = member(schema, "minimum")) return rj::Value(*minimum, allocator);
    return rj::Value(0);
  }
  if (has_type(names, "boolean")) return rj::Value(false);
  if (has_type(names, "null")) return rj::Value();
  if (has_type(names, "object")) {
    rj::Value object(rj::kObjectType);
    const rj::Value* properties = member(schema, "properties");
    if (const rj::Value* required = member(schema, "required"); required && required->IsArray())
      for (const rj::Value& name : required->GetArray()) {
        const rj::Value* property = properties && name.IsString() ? member(*properties, name.GetString()) : nullptr;
        auto value = property ? placeholder(*property, allocator) : std::optional<rj::Value>(rj::Value());
        if (!value) return std::nullopt;
        object.AddMember(rj::Value(name, allocator), std::move(*value), allocator);
      }
    return object;
  }
  if (has_type(names, "array") && !member(schema, "minItems")) return rj::Value(rj::kArrayType);
  if (has_type(names, "string") && !member(schema, "pattern") && !member(schema, "minLength"))
    return rj::Value(rj::kStringType);
  return std::nullopt;
}

class Reporter {
 public:
  Reporter(const Failure& failure, rj::Document& document, std::vector<ValidationError>& errors,
           std::set<std::string>& reported)
      : failure_(failure), document_(document), errors_(errors), reported_(reported),
        where_(pointer_text(failure.document_pointer)),
        value_(failure.document_pointer.Get(document)) {}

  bool run(const rj::Value& schema) {
    const std::string& keyword = failure_.keyword;
    if (keyword == "required") return missing_required(schema);
    if (keyword == "anyOf") return missing_alternative(schema);
    if (!value_) {
      add(where_, fmt::format("invalid value (schema keyword \"{}\")", keyword));
      return false;
    }
    if (keyword == "enum" && where_ == "/kind") {  // the one enumeration the runtime enforces
      add(where_, fmt::format("unknown kind {} (expected one of: {})", show(*value_), list_enum(schema)));
      return false;
    }
    add(where_, describe_value_error(schema));
    return replace_or_drop(schema);
  }

 private:
  void add(const std::string& pointer, std::string message) {
    if (reported_.insert(pointer).second) errors_.push_back({pointer, std::move(message)});
  }

  std::string describe_value_error(const rj::Value& schema) const {
    const std::string& keyword = failure_.keyword;
    const std::string value = show(*value_);
    if (keyword == "type")
      return fmt::format("expected {}, got {}", fmt::join(type_names(schema), " or "),
                         json_type_name(*value_));
    if (keyword == "enum") return fmt::format("value {} is not one of: {}", value, list_enum(schema));
    if (keyword == "pattern" || keyword == "minLength" || keyword == "maxLength") {
      if (const rj::Value* format = member(schema, "format"); format && format->IsString())
        return fmt::format("value {} is not a valid {}", value,
                           text(*format) == "date-time" ? "RFC 3339 date-time" : text(*format));
      if (keyword == "maxLength")
        return fmt::format("value {} is longer than {} characters", value, show(*member(schema, "maxLength")));
      if (keyword == "minLength")
        return fmt::format("value {} is shorter than {} characters", value, show(*member(schema, "minLength")));
      return fmt::format("value {} does not match the pattern {}", value, text(*member(schema, "pattern")));
    }
    if (keyword == "minimum")
      return fmt::format("value {} is below the minimum {}", value, show(*member(schema, "minimum")));
    if (keyword == "maximum")
      return fmt::format("value {} is above the maximum {}", value, show(*member(schema, "maximum")));
    return fmt::format("value {} fails the schema keyword \"{}\"", value, keyword);
  }

  bool replace_or_drop(const rj::Value& schema) {
    const std::size_t depth = failure_.document_pointer.GetTokenCount();
    if (depth == 0) return false;
    if (auto value = placeholder(schema, document_.GetAllocator())) {
      *value_ = std::move(*value);
      return true;
    }
    rj::Pointer parent(failure_.document_pointer.GetTokens(), depth - 1);
    rj::Value* object = parent.Get(document_);
    if (!object || !object->IsObject()) return false;
    const rj::Pointer::Token& last = failure_.document_pointer.GetTokens()[depth - 1];
    return object->EraseMember(rj::Value(rj::StringRef(last.name, last.length)));
  }

  bool missing_required(const rj::Value& schema) {
    const rj::Value* required = member(schema, "required");
    if (!value_ || !value_->IsObject() || !required || !required->IsArray()) {
      add(where_, "missing required field");
      return false;
    }
    const rj::Value* properties = member(schema, "properties");
    const std::string prefix = dotted(failure_.document_pointer, document_);
    bool repaired = true;
    for (const rj::Value& name : required->GetArray()) {
      if (!name.IsString() || value_->HasMember(name)) continue;
      // Name the first required leaf below a missing object: "user.id" rather than "user".
      std::string field = prefix.empty() ? std::string(text(name)) : prefix + "." + std::string(text(name));
      std::string pointer = where_ + "/" + escape_pointer_token(text(name));
      const rj::Value* property = properties ? member(*properties, name.GetString()) : nullptr;
      for (const rj::Value* inner = property; inner;) {
        const rj::Value* inner_required = member(*inner, "required");
        if (!inner_required || !inner_required->IsArray() || inner_required->Empty() ||
            !(*inner_required)[0].IsString())
          break;
        const rj::Value& first = (*inner_required)[0];
        field += "." + std::string(text(first));
        pointer += "/" + escape_pointer_token(text(first));
        const rj::Value* inner_properties = member(*inner, "properties");
        inner = inner_properties ? member(*inner_properties, first.GetString()) : nullptr;
      }
      add(pointer, "missing required field " + field);
      auto value = property ? placeholder(*property, document_.GetAllocator()) : std::nullopt;
      if (!value) {
        repaired = false;
        continue;
      }
      value_->AddMember(rj::Value(name, document_.GetAllocator()), std::move(*value),
                        document_.GetAllocator());
    }
    return repaired;
  }

  // anyOf whose alternatives each only require fields: "missing required field time or time_unix_nano".
  bool missing_alternative(const rj::Value& schema) {
    const rj::Value* alternatives = member(schema, "anyOf");
    std::vector<std::vector<std::string_view>> groups;
    if (alternatives && alternatives->IsArray())
      for (const rj::Value& alternative : alternatives->GetArray()) {
        const rj::Value* required = member(alternative, "required");
        if (!required || !required->IsArray() || alternative.MemberCount() != 1) return unexplained();
        auto& group = groups.emplace_back();
        for (const rj::Value& name : required->GetArray())
          if (name.IsString()) group.push_back(text(name));
      }
    if (groups.empty() || !value_ || !value_->IsObject()) return unexplained();

    const std::string prefix = dotted(failure_.document_pointer, document_);
    std::vector<std::string> names;
    for (const auto& group : groups) {
      std::vector<std::string> fields;
      for (std::string_view name : group)
        fields.push_back(prefix.empty() ? std::string(name) : prefix + "." + std::string(name));
      names.push_back(fmt::format("{}", fmt::join(fields, " and ")));
    }
    std::string first = groups.front().empty() ? "" : "/" + escape_pointer_token(groups.front().front());
    add(where_ + first, fmt::format("missing required field {}", fmt::join(names, " or ")));

    const rj::Value* properties = member(schema, "properties");
    for (const auto& group : groups) {
      std::vector<std::pair<std::string_view, rj::Value>> values;
      for (std::string_view name : group) {
        const rj::Value* property = properties ? member(*properties, std::string(name).c_str()) : nullptr;
        auto value = property ? placeholder(*property, document_.GetAllocator()) : std::nullopt;
        if (!value) break;
        values.emplace_back(name, std::move(*value));
      }
      if (values.size() != group.size()) continue;
      for (auto& [name, value] : values)
        if (!value_->HasMember(rj::Value(rj::StringRef(name.data(), static_cast<rj::SizeType>(name.size())))))
          value_->AddMember(rj::Value(name.data(), static_cast<rj::SizeType>(name.size()), document_.GetAllocator()),
                            std::move(value), document_.GetAllocator());
      return true;
    }
    return false;
  }

  bool unexplained() {
    add(where_, "value matches none of the alternatives of the schema (anyOf)");
    return false;
  }

  const Failure& failure_;
  rj::Document& document_;
  std::vector<ValidationError>& errors_;
  std::set<std::string>& reported_;
  std::string where_;
  rj::Value* value_;
};

}  // namespace

std::string_view json_type_name(const rj::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsInt64() || value.IsUint64()) return "integer";
  if (value.IsNumber()) return "number";
  if (value.IsString()) return "string";
  if (value.IsObject()) return "object";
  return "array";
}

bool report_and_repair(const Failure& failure, const rj::Value& schema_json, rj::Document& document,
                       std::vector<ValidationError>& errors, std::set<std::string>& reported) {
  const rj::Value* schema = failure.schema_pointer.Get(schema_json);
  if (!schema) {
    errors.push_back({pointer_text(failure.document_pointer),
                      fmt::format("fails the schema keyword \"{}\"", failure.keyword)});
    return false;
  }
  return Reporter(failure, document, errors, reported).run(*schema);
}

}  // namespace sigil::validate_detail
