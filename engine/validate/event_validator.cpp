#include "engine/validate/rapidjson_std_regex.hpp"  // first: selects RapidJSON's settings

#include "engine/validate/event_validator.hpp"

#include "engine/ingest/timestamp.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>

#include "engine/validate/canonicalize.hpp"
#include "engine/validate/schema_report.hpp"

namespace sigil {

using namespace validate_detail;

namespace {

// One schema: its JSON (read for error messages) and RapidJSON's compiled form of it.
struct CompiledSchema {
  rj::Document json;
  std::unique_ptr<rj::SchemaDocument> schema;

  CompiledSchema(std::string_view name, std::string_view text) {
    json.Parse(text.data(), text.size());
    if (json.HasParseError())
      throw std::runtime_error(fmt::format("schema {}: invalid JSON at byte {}: {}", name,
                                           json.GetErrorOffset(), rj::GetParseError_En(json.GetParseError())));
    schema = std::make_unique<rj::SchemaDocument>(json);
  }
};

// Validation is repeated after each repair; this bounds the work on a hopeless event.
constexpr int kMaxRounds = 32;

// Validates `document` against `compiled` until it passes or cannot be repaired.
void validate_against(const CompiledSchema& compiled, rj::Document& document,
                      std::vector<ValidationError>& errors, std::set<std::string>& reported) {
  for (int round = 0; round < kMaxRounds; ++round) {
    rj::SchemaValidator validator(*compiled.schema);
    if (document.Accept(validator)) return;
    Failure failure{validator.GetInvalidSchemaKeyword(), validator.GetInvalidSchemaPointer(),
                    validator.GetInvalidDocumentPointer()};
    if (!report_and_repair(failure, compiled.json, document, errors, reported)) return;
  }
}

// The pointer of the first value nested deeper than `limit` (the event object is depth 1).
std::optional<std::string> too_deep(const rj::Value& value, std::size_t depth, std::size_t limit,
                                    const std::string& pointer) {
  if (!value.IsObject() && !value.IsArray()) return std::nullopt;
  if (depth > limit) return pointer;
  if (value.IsArray()) {
    for (rj::SizeType i = 0; i < value.Size(); ++i)
      if (auto deep = too_deep(value[i], depth + 1, limit, fmt::format("{}/{}", pointer, i))) return deep;
    return std::nullopt;
  }
  for (const auto& member : value.GetObject()) {
    std::string child = pointer + "/" +
        escape_pointer_token({member.name.GetString(), member.name.GetStringLength()});
    if (auto deep = too_deep(member.value, depth + 1, limit, child)) return deep;
  }
  return std::nullopt;
}

}  // namespace

struct EventValidator::Schemas {
  FieldCatalog catalog;  // for the open (free-form) fields, whose keys are not paths
  std::unique_ptr<CompiledSchema> envelope;
  std::array<std::unique_ptr<CompiledSchema>, kKindCount> kinds;
};

EventValidator::EventValidator() : EventValidator(embedded_schemas()) {}

EventValidator::EventValidator(std::span<const EmbeddedSchema> schemas, ValidatorLimits limits)
    : limits_(limits) {
  auto compiled = std::make_unique<Schemas>(Schemas{FieldCatalog::from_schemas(schemas), nullptr, {}});
  for (const EmbeddedSchema& schema : schemas) {
    auto one = std::make_unique<CompiledSchema>(schema.name, schema.text);
    if (schema.name == "envelope") compiled->envelope = std::move(one);
    else if (auto kind = parse_kind(schema.name)) compiled->kinds[static_cast<std::size_t>(*kind)] = std::move(one);
    else throw std::runtime_error(fmt::format("schema {}: not \"envelope\" nor a kind name", schema.name));
  }
  schemas_ = std::move(compiled);  // from_schemas() has already required an envelope
}

EventValidator::~EventValidator() = default;
EventValidator::EventValidator(EventValidator&&) noexcept = default;
EventValidator& EventValidator::operator=(EventValidator&&) noexcept = default;

std::vector<ValidationError> EventValidator::validate(std::string_view json_line) const {
  std::vector<ValidationError> errors;
  if (json_line.size() > limits_.max_event_bytes) {
    errors.push_back({"", fmt::format("event is {} bytes, over the limit of {}", json_line.size(),
                                      limits_.max_event_bytes)});
    return errors;
  }
  rj::Document input;
  // Iterative parsing: a hostile depth cannot overflow the stack before the depth check.
  input.Parse<rj::kParseIterativeFlag | rj::kParseValidateEncodingFlag>(json_line.data(), json_line.size());
  if (input.HasParseError()) {
    errors.push_back({"", fmt::format("invalid JSON at byte {}: {}", input.GetErrorOffset(),
                                      rj::GetParseError_En(input.GetParseError()))});
    return errors;
  }
  if (!input.IsObject()) {
    errors.push_back({"", fmt::format("an event must be a JSON object, got {}", json_type_name(input))});
    return errors;
  }
  if (auto deep = too_deep(input, 1, limits_.max_depth, "")) {
    errors.push_back({*deep, fmt::format("nesting deeper than {} levels", limits_.max_depth)});
    return errors;
  }

  rj::Document event;
  canonicalize(input, event, schemas_->catalog, errors);
  std::set<std::string> reported;
  for (const ValidationError& error : errors) reported.insert(error.pointer);

  // Read the kind before validating: a repair may put a placeholder into a missing `kind`.
  std::optional<Kind> kind;
  if (auto it = event.FindMember("kind"); it != event.MemberEnd() && it->value.IsString())
    kind = parse_kind({it->value.GetString(), it->value.GetStringLength()});

  validate_against(*schemas_->envelope, event, errors, reported);
  if (kind)
    if (const auto& schema = schemas_->kinds[static_cast<std::size_t>(*kind)])
      validate_against(*schema, event, errors, reported);
  // JSON Schema checks the shape of `time`; whether the date exists is the engine's own check.
  if (auto it = event.FindMember("time"); it != event.MemberEnd() && it->value.IsString() &&
                                          !reported.contains("/time")) {
    std::string_view text(it->value.GetString(), it->value.GetStringLength());
    if (!parse_rfc3339_ns(text)) {
      errors.push_back({"/time", fmt::format("value \"{}\" is not a valid date and time", text)});
      reported.insert("/time");
    }
  }

  return errors;
}

std::vector<LineError> EventValidator::validate_file(const std::string& path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot open {}", path));
  std::vector<LineError> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    for (ValidationError& error : validate(line)) out.push_back({number, std::move(error)});
  }
  if (in.bad()) throw std::runtime_error(fmt::format("cannot read {}", path));
  return out;
}

}  // namespace sigil
