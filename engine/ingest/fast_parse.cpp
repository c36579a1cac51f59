// The normalizer's fast path (see normalizer_impl.hpp): one recursive-descent pass over the
// scratch copy of a record that checks JSON syntax, UTF-8 and escapes as it goes, walks the
// KeyTable alongside the document, records the fields of the plan through Impl::record (so type
// and duplicate checks are the reference path's), and skips every other value with a scanner
// that validates but keeps nothing. Strings are unescaped (in place) only when a rule or the
// engine reads them; numbers are converted only when read.
//
// It accepts exactly what the reference path accepts, or gives up: every `return false` here
// means "let the reference path decide", never "reject". Giving up is always safe; accepting is
// only allowed when RapidJSON would have accepted the same bytes with the same values
// (tests/engine/fast_parse_test.cpp compares the two on the fuzz corpus and the examples).

#include <rapidjson/internal/strtod.h>

#include "engine/ingest/json_scan.hpp"
#include "engine/ingest/normalizer_impl.hpp"

namespace sigil {
namespace {

using namespace json_scan;

class FastParser {
 public:
  FastParser(Normalizer::Impl& s, char* scratch)
      : s_(s), keys_(s.keys), base_(scratch), end_(scratch + s.original.size()), p_(scratch) {}

  bool document() {
    if (s_.limits.max_depth == 0) return false;
    skip_ws();
    if (*p_ != '{') return false;
    ++p_;
    if (!object(keys_.root(), 1)) return false;
    skip_ws();
    return p_ == end_;
  }

  bool written() const { return written_; }

 private:
  static constexpr std::uint32_t kSkip = KeyTable::kNone;

  // A string body from p_ (after its quote); leaves p_ after the closing quote.
  bool string(const char*& begin, std::size_t& length, bool& escaped) {
    begin = p_;
    escaped = false;
    const char* close = scan_string(p_, end_, escaped);
    if (close == nullptr) return false;
    length = static_cast<std::size_t>(close - begin);
    p_ = base_ + (close - base_) + 1;
    return true;
  }

  // The node a key leads to from `node`, segment by segment for dotted keys.
  std::uint32_t resolve(std::uint32_t node, const char* key, std::size_t length) const {
    const char* const stop = key + length;
    while (true) {
      const char* dot = static_cast<const char*>(std::memchr(key, '.', static_cast<std::size_t>(stop - key)));
      const char* segment_end = dot ? dot : stop;
      node = keys_.child(node, key, static_cast<std::size_t>(segment_end - key), end_);
      if (node == kSkip || dot == nullptr) return node;
      key = dot + 1;
    }
  }

  // Whitespace, then `c`: consumed (true), or left (false).
  bool take(char c) {
    skip_ws();
    if (*p_ != c) return false;
    ++p_;
    return true;
  }

  // After a member or an element: true while a ',' says another follows; false at the closing
  // `close` (ok) or at anything else (not ok).
  bool another(char close, bool& ok) {
    if (take(',')) {
      skip_ws();
      return true;
    }
    ok = *p_ == close;  // take(',') has skipped the whitespace
    p_ += ok;
    return false;
  }

  // Members of an object whose '{' has been consumed; `node` is the object's node.
  bool object(std::uint32_t node, std::size_t depth) {
    if (take('}')) return true;
    bool ok = true;
    do {
      if (*p_ != '"') return false;
      ++p_;
      const char* key = p_;
      bool escaped = false, dotted = false;
      const char* close = scan_key(p_, end_, escaped, dotted);
      if (close == nullptr) return false;
      std::size_t length = static_cast<std::size_t>(close - key);
      p_ = base_ + (close - base_) + 1;
      std::uint32_t child = kSkip;
      if (node != kSkip) {
        if (escaped) {
          length = unescape_in_place(const_cast<char*>(key), close);
          written_ = true;
          dotted = std::memchr(key, '.', length) != nullptr;
        }
        child = dotted ? resolve(node, key, length) : keys_.child(node, key, length, end_);
      }
      if (!take(':')) return false;
      skip_ws();
      if (!(child == kSkip ? skip_value(depth) : value(child, depth))) return false;
    } while (another('}', ok));
    return ok;
  }

  // Elements of an array whose '[' has been consumed; elements stand for `node` itself.
  bool array(std::uint32_t node, std::size_t depth) {
    if (take(']')) return true;
    bool ok = true;
    do {
      if (!(node == kSkip ? skip_value(depth) : value(node, depth))) return false;
    } while (another(']', ok));
    return ok;
  }

  void skip_ws() { p_ = const_cast<char*>(skip_whitespace(p_)); }

  bool literal(const char* word, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k)
      if (p_[k] != word[k]) return false;  // stops at the NUL terminator
    p_ += n;
    return true;
  }

  // A value at `node` (not kSkip): recorded when the node ends a field.
  bool value(std::uint32_t node, std::size_t depth) {
    const FieldId field = keys_.field(node);
    switch (*p_) {
      case '"': {
        ++p_;
        const char* text;
        std::size_t length;
        bool escaped;
        if (!string(text, length, escaped)) return false;
        if (field == kNoField) return true;
        if (!s_.info[field].materialized) return s_.count_quiet(field, kJsonString);
        if (escaped) {
          length = unescape_in_place(const_cast<char*>(text), text + length);
          written_ = true;
        }
        return s_.record<true>(field, Value::make_string({text, length}), kJsonString);
      }
      case '{':
      case '[': return container(node, field, depth);
      case 't': return literal("true", 4) && (field == kNoField || s_.record<true>(field, Value::make_bool(true), kJsonBoolean));
      case 'f':
        return literal("false", 5) && (field == kNoField || s_.record<true>(field, Value::make_bool(false), kJsonBoolean));
      case 'n': return literal("null", 4) && (field == kNoField || s_.record<true>(field, Value::make_null(), kJsonNull));
      default: return number(field);
    }
  }

  bool container(std::uint32_t node, FieldId field, std::size_t depth) {
    const bool is_array = *p_ == '[';
    if (depth >= s_.limits.max_depth) return false;  // too_deep: the reference path says so
    FieldId capture = kNoField;
    const char* start = p_;
    if (field != kNoField) {
      if (keys_.open(node)) {
        capture = field;
      } else if (s_.info[field].contract) {
        const auto& f = s_.info[field];
        if (!(is_array ? f.repeated : (f.types & kJsonObject) != 0)) return false;  // wrong_type
      }
    }
    ++p_;
    if (!(is_array ? array(node, depth + 1) : object(node, depth + 1))) return false;
    if (capture == kNoField) return true;
    // Raw JSON of a free-form field: the original bytes (the scratch may be unescaped in place).
    std::string_view raw = s_.original.substr(static_cast<std::size_t>(start - base_),
                                              static_cast<std::size_t>(p_ - start));
    return s_.record<true>(capture, Value::make_raw_json(raw), is_array ? kJsonArray : kJsonObject);
  }

  bool number(FieldId field) {
    NumberToken t;
    if (!lex_number(p_, t)) return false;
    Value v;
    JsonTypeMask type;
    if (!t.simple) {
      if (!Normalizer::Impl::rapidjson_number(p_, v, type)) return false;
    } else if (t.integer) {
      type = kJsonInteger;
      if (field != kNoField && s_.info[field].materialized) {
        auto magnitude = static_cast<std::int64_t>(t.digits);
        v = Value::make_int(t.minus ? -magnitude : magnitude);
      }
    } else {
      type = kJsonNumber;
      if (field != kNoField && s_.info[field].materialized) {
        if (t.frac_digits > 0 && t.int_digits + t.frac_digits > 15) {
          if (!Normalizer::Impl::rapidjson_number(p_, v, type)) return false;
        } else {
          // RapidJSON 1.1.0's (not full precision) conversion: every digit fits its 2^53 fast
          // path, so the significand is exact and it scales once by a power of ten.
          double d = internal_strtod(static_cast<double>(t.digits), t.exponent - t.frac_digits);
          v = Value::make_number(t.minus ? -d : d);
        }
      }
    }
    p_ = const_cast<char*>(t.end);
    if (field == kNoField) return true;
    return s_.info[field].materialized ? s_.record<true>(field, v, type) : s_.count_quiet(field, type);
  }

  static double internal_strtod(double significand, int power) {
    return rapidjson::internal::StrtodNormalPrecision(significand, power);
  }

  // A value nobody reads: validated, not kept.
  bool skip_value(std::size_t depth) {
    switch (*p_) {
      case '"': {
        ++p_;
        const char* text;
        std::size_t length;
        bool escaped;
        return string(text, length, escaped);
      }
      case '{':
        if (depth >= s_.limits.max_depth) return false;
        ++p_;
        return object(kSkip, depth + 1);
      case '[':
        if (depth >= s_.limits.max_depth) return false;
        ++p_;
        return array(kSkip, depth + 1);
      case 't': return literal("true", 4);
      case 'f': return literal("false", 5);
      case 'n': return literal("null", 4);
      default: return number(kNoField);
    }
  }

  Normalizer::Impl& s_;
  const KeyTable& keys_;
  char* const base_;
  const char* const end_;
  char* p_;
  bool written_ = false;
};

}  // namespace

bool Normalizer::Impl::parse_fast(char* scratch, bool& scratch_written) {
  FastParser parser(*this, scratch);
  bool ok = parser.document();
  scratch_written = parser.written();
  return ok;
}

}  // namespace sigil
