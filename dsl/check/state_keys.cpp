#include "dsl/check/state_keys.hpp"

#include <fmt/format.h>

namespace sigil::dsl::check {

JsonTypeMask value_types(const FieldRef& field) {
  switch (field.kind) {
    case FieldRef::Kind::contract: return field.spec->types;
    case FieldRef::Kind::time_part: return kJsonInteger;
    case FieldRef::Kind::open_path:
    case FieldRef::Kind::extra: return 0x7f;
  }
  return 0;
}

bool is_numeric_field(const FieldRef& field) { return value_types(field) & (kJsonInteger | kJsonNumber); }

std::optional<FieldRef> resolve_key(const syntax::Ident& key, const FieldScope& scope, Diagnostics& diagnostics) {
  auto field = resolve_field(key.name, key.span, scope, "E-UNKNOWN-FIELD", diagnostics);
  if (!field) return std::nullopt;
  const JsonTypeMask scalars = kJsonBoolean | kJsonInteger | kJsonNumber | kJsonString;
  if (field->repeated()) {
    diagnostics.error("E-TYPE-MISMATCH", key.span,
                      fmt::format("`{}` may hold several values (it crosses an array): a key must be one value",
                                  key.name))
        .hints.push_back("key by a field that identifies one session, user or resource: `session.id`, `user.id`");
    return std::nullopt;
  }
  if (!(value_types(*field) & scalars)) {
    diagnostics.error("E-TYPE-MISMATCH", key.span,
                      fmt::format("`{}` is an object: a key must be a string, number or boolean", key.name))
        .hints.push_back(fmt::format("key by a field below it, e.g. `{}.id`", key.name));
    return std::nullopt;
  }
  return field;
}

std::optional<std::vector<FieldRef>> resolve_keys(const std::vector<syntax::Ident>& keys, const FieldScope& scope,
                                                  Diagnostics& diagnostics) {
  std::vector<FieldRef> out;
  bool ok = true;
  for (const syntax::Ident& key : keys) {
    if (auto field = resolve_key(key, scope, diagnostics)) out.push_back(std::move(*field));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace sigil::dsl::check
