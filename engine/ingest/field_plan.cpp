#include "engine/ingest/field_plan.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace sigil {
namespace {

// Splits "a.b.c" into segments; an empty segment (leading, trailing or doubled dot) is kept as
// empty so that such a path can never match a real key.
template <typename Fn>
void for_each_segment(std::string_view path, Fn&& fn) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    fn(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return;
    start = dot + 1;
  }
}

FieldId require(const FieldPlan& plan, std::string_view path) {
  auto id = plan.find(path);
  if (!id) throw std::logic_error(fmt::format("the schemas do not define {}, which the engine needs", path));
  return *id;
}

}  // namespace

FieldPlan::FieldPlan(const FieldCatalog& catalog) : catalog_(&catalog) {
  for (const FieldSpec& spec : catalog.fields()) {
    FieldId id = register_path(spec.path);
    for (std::size_t k = 0; k < kKindCount; ++k) {
      KindMask bit = kind_bit(static_cast<Kind>(k));
      if (spec.required_in & bit) required_[k].push_back(id);
      if (spec.has_default && (spec.kinds & bit)) defaulted_[k].push_back(id);
    }
  }
  well_known_ = WellKnown{
      .schema_version = require(*this, "schema_version"),
      .kind = require(*this, "kind"),
      .time = require(*this, "time"),
      .time_unix_nano = require(*this, "time_unix_nano"),
      .event_id = require(*this, "event.id"),
      .session_id = require(*this, "session.id"),
      .user_id = require(*this, "user.id"),
      .service_name = require(*this, "service.name"),
      .trace_id = require(*this, "trace.id"),
      .span_id = require(*this, "span.id"),
      .input_tokens = require(*this, "usage.input_tokens"),
      .output_tokens = require(*this, "usage.output_tokens"),
      .total_tokens = require(*this, "usage.total_tokens"),
  };
  // What the engine itself reads: the envelope of alerts, time, and the fields behind defaults.
  for (FieldId id : {well_known_.schema_version, well_known_.kind, well_known_.time, well_known_.time_unix_nano,
                     well_known_.event_id, well_known_.session_id, well_known_.user_id, well_known_.service_name,
                     well_known_.trace_id, well_known_.span_id, well_known_.input_tokens, well_known_.output_tokens,
                     well_known_.total_tokens})
    slots_[id].materialized = true;
}

FieldId FieldPlan::add_path(std::string_view path) {
  if (frozen_) throw std::logic_error(fmt::format("field plan is frozen; cannot add {}", path));
  FieldId id = register_path(path);
  slots_[id].materialized = true;
  return id;
}

void FieldPlan::materialize_all() {
  if (frozen_) throw std::logic_error("field plan is frozen");
  for (Slot& slot : slots_) slot.materialized = true;
}

FieldId FieldPlan::register_path(std::string_view path) {
  if (auto existing = find(path)) return *existing;
  if (frozen_) throw std::logic_error(fmt::format("field plan is frozen; cannot add {}", path));

  Node* node = &root_;
  bool below_open = false;
  for_each_segment(path, [&](std::string_view segment) {
    if (node->open) below_open = true;
    auto it = node->children.find(segment);
    if (it == node->children.end())
      it = node->children.emplace(std::string(segment), std::make_unique<Node>()).first;
    node = it->second.get();
  });

  FieldId id = static_cast<FieldId>(slots_.size());
  const FieldSpec* spec = catalog_->find(path);
  slots_.push_back(Slot{std::string(path), spec, below_open});
  node->field = id;
  node->open = spec != nullptr && spec->open;
  return id;
}

std::optional<FieldId> FieldPlan::find(std::string_view path) const {
  const Node* node = &root_;
  bool found = true;
  for_each_segment(path, [&](std::string_view segment) {
    if (!found) return;
    auto it = node->children.find(segment);
    if (it == node->children.end()) {
      found = false;
      return;
    }
    node = it->second.get();
  });
  if (!found || node->field == kNoField) return std::nullopt;
  return node->field;
}

}  // namespace sigil
