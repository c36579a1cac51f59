#include "engine/run/key_hash.hpp"

#include <cstring>

#include "engine/run/keyed_processor.hpp"

namespace sigil::run_detail {

std::uint64_t key_hash(const Event& event, std::span<const FieldId> fields) {
  std::uint64_t h = stable_hash("");
  for (FieldId field : fields) {
    const Value* v = event.first(field);
    if (v == nullptr) {
      h = stable_hash("\x01", h);  // absent differs from the empty string
    } else if (v->type == ValueType::string || v->type == ValueType::raw_json) {
      h = stable_hash(v->text, stable_hash("\x02", h));
    } else {
      char bytes[sizeof(double) + 1];
      bytes[0] = 3;
      double number = v->number;  // integers are mirrored in number
      if (v->type == ValueType::boolean) number = v->boolean ? 1 : 0;
      std::memcpy(bytes + 1, &number, sizeof number);
      h = stable_hash(std::string_view(bytes, sizeof bytes), h);
    }
  }
  return h;
}

}  // namespace sigil::run_detail
