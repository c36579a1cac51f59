#include "engine/keyed/stored_event.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/event/event_builder.hpp"

namespace sigil::keyed {
namespace {

constexpr std::size_t kCapacity = 4;  // the block starts with its capacity (u32); the record follows
constexpr std::size_t kEnvelope = 6;
constexpr std::size_t kServiceName = 3;   // its index in the envelope (pooled)
constexpr std::uint8_t kNoPartition = 0x80;  // in the kind byte: the partition is -1, not stored

// Value tags (see stored_event.hpp).
enum Tag : std::uint8_t {
  kNull,
  kFalse,
  kTrue,
  kInt,        // signed varint; double = the integer's
  kIntNumber,  // i64 + f64 (an integer whose double is not the integer's)
  kNumber,     // f64
  kString,     // varint length + bytes
  kRawJson,    // varint length + bytes
  kHexLower,   // prefix (varint length + bytes), varint n, n bytes of packed lowercase hex pairs
  kHexUpper,   // the same, uppercase
  kHexOnlyLower,  // kHexLower without a prefix (the whole string is hex: trace.id, span.id)
  kHexOnlyUpper,
  kUuid,       // 16 bytes of a lowercase canonical UUID (8-4-4-4-12)
  kPooled,     // one byte: an index into the NamePool (service.name)
  // In place of a field's first tag: the field has no value, or several (a varint count and the
  // values follow). A field with one value is just that value.
  kNoValue,
  kValues,
};
constexpr std::size_t kMinHexTail = 8;  // shorter runs of digits are stored as they are
// Shorter strings are stored as they are: at most 4 bytes to gain (a 13-character session id
// with 8 digits saves 3), not worth the scan on every event stored.
constexpr std::size_t kMinPacked = 16;

// The service.name values of stored events, process-wide: a deployment has a few services, each
// event named one of them in ~16 bytes. At most 255 names of at most 64 bytes, added under a
// mutex and never removed (at most ~20 KB, outside the engine-accounted bytes); a stored event
// holds the 1-byte index. A name arriving once the pool is full is stored as it is. Lookups go
// through a per-thread map of the names seen (no lock once a thread knows a name).
class NamePool {
 public:
  static constexpr std::size_t kMaxNames = 255, kMaxLength = 64;
  static NamePool& instance() {
    static NamePool pool;
    return pool;
  }
  // The name's index, -1 if it is not (and cannot be) pooled.
  int find_or_add(std::string_view name) {
    if (name.size() > kMaxLength) return -1;
    thread_local std::unordered_map<std::string_view, std::uint8_t> known;  // views into the pool
    thread_local bool full = false;
    if (auto it = known.find(name); it != known.end()) return it->second;
    if (full) return -1;
    std::lock_guard lock(mutex_);
    std::size_t i = 0;
    while (i < count_ && *names_[i].load(std::memory_order_relaxed) != name) ++i;
    if (i == count_) {
      if (count_ == kMaxNames) {
        full = true;
        return -1;
      }
      names_[count_++].store(new std::string(name), std::memory_order_release);
    }
    const std::string* stored = names_[i].load(std::memory_order_relaxed);
    known.emplace(*stored, static_cast<std::uint8_t>(i));
    return static_cast<int>(i);
  }
  // The name at an index a stored record holds (added before the record was written).
  std::string_view at(std::uint8_t i) const { return *names_[i].load(std::memory_order_acquire); }

 private:
  std::mutex mutex_;
  std::array<std::atomic<const std::string*>, kMaxNames> names_{};
  std::size_t count_ = 0;  // guarded by mutex_
};

std::array<FieldId, kEnvelope> envelope(const FieldPlan& plan) {
  const FieldPlan::WellKnown& wk = plan.well_known();
  return {wk.event_id, wk.session_id, wk.user_id, wk.service_name, wk.trace_id, wk.span_id};
}

template <class T>
T get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Writes a record into a buffer sized beforehand (bound()).
struct Out {
  char* p;
  template <class T>
  void fixed(T v) {
    std::memcpy(p, &v, sizeof v);
    p += sizeof v;
  }
  void u8(std::uint8_t v) { *p++ = static_cast<char>(v); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      *p++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<char>(v);
  }
  void text(std::string_view s) {
    varint(s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
};
constexpr std::size_t kMaxVarint = 10;

// The most bytes encode() writes for v (a packed string is never longer than the plain one).
std::size_t bound(const Value& v) {
  switch (v.type) {
    case ValueType::integer: return 1 + 16;
    case ValueType::number: return 1 + 8;
    case ValueType::string:
    case ValueType::raw_json: return 1 + kMaxVarint + v.text.size();
    default: return 1;
  }
}

// Reads a record (trusted: this process wrote it).
struct In {
  const char* p;
  std::uint8_t u8() { return static_cast<std::uint8_t>(*p++); }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<std::uint8_t>(*p++);
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (byte < 0x80) return v;
    }
  }
  template <class T>
  T fixed() {
    T v = get<T>(p);
    p += sizeof v;
    return v;
  }
  std::string_view text() {
    const auto n = varint();
    std::string_view s(p, n);
    p += n;
    return s;
  }
};

// Nibble values of hex digits: kHexValue[upper][c], or 0xFF for a character that is not a
// digit of that case ('0'-'9' belong to both).
constexpr auto kHexValue = [] {
  std::array<std::array<std::uint8_t, 256>, 2> t{};
  for (auto& row : t) row.fill(0xFF);
  for (int c = 0; c < 10; ++c) t[0]['0' + c] = t[1]['0' + c] = static_cast<std::uint8_t>(c);
  for (int c = 0; c < 6; ++c) {
    t[0]['a' + c] = static_cast<std::uint8_t>(10 + c);
    t[1]['A' + c] = static_cast<std::uint8_t>(10 + c);
  }
  return t;
}();
std::uint8_t hex_value(char c, bool upper) { return kHexValue[upper][static_cast<unsigned char>(c)]; }

#if defined(__SSE2__)
// 16 characters at p as nibbles (`value`, garbage where not a digit); returns a bit per
// character that is not a hex digit of that case.
unsigned hex16(const char* p, bool upper, __m128i& value) {
  const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i d = _mm_sub_epi8(c, _mm_set1_epi8('0'));
  const __m128i l = _mm_sub_epi8(c, _mm_set1_epi8(upper ? 'A' : 'a'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
  const __m128i is_letter = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
  value = _mm_or_si128(_mm_and_si128(is_digit, d), _mm_and_si128(is_letter, _mm_add_epi8(l, _mm_set1_epi8(10))));
  return ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(is_digit, is_letter))) & 0xFFFFu;
}
#endif

// Length of the run of hex digits of one case at the end of s.
std::size_t hex_tail(std::string_view s, bool upper) {
  const char* begin = s.data();
  const char* p = begin + s.size();
#if defined(__SSE2__)
  while (p - begin >= 16) {
    __m128i value;
    const unsigned bad = hex16(p - 16, upper, value);
    if (bad != 0) return static_cast<std::size_t>(begin + s.size() - p) + 15 - static_cast<std::size_t>(31 - __builtin_clz(bad));
    p -= 16;
  }
#endif
  const auto& table = kHexValue[upper];
  while (p != begin && table[static_cast<unsigned char>(p[-1])] != 0xFF) --p;
  return static_cast<std::size_t>(begin + s.size() - p);
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  for (std::size_t i = 0; i < 36; ++i)
    if (i != 8 && i != 13 && i != 18 && i != 23 && hex_value(s[i], false) == 0xFF) return false;
  return true;
}

// Packs hex digits (checked by the caller; an even count) two per byte, the first in the high nibble.
void pack_hex(Out& out, std::string_view digits, bool upper) {
  const char* d = digits.data();
  std::size_t n = digits.size();
#if defined(__SSE2__)
  for (; n >= 16; n -= 16, d += 16) {
    __m128i value;
    hex16(d, upper, value);
    // Per 16-bit lane (first digit in the low byte): first << 4 | second.
    const __m128i pairs = _mm_or_si128(_mm_and_si128(_mm_slli_epi16(value, 4), _mm_set1_epi16(0xFF)),
                                       _mm_srli_epi16(value, 8));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out.p), _mm_packus_epi16(pairs, pairs));
    out.p += 8;
  }
#endif
  const auto& table = kHexValue[upper];
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  for (std::size_t i = 0; i < n; i += 2) *out.p++ = static_cast<char>(table[u[i]] << 4 | table[u[i + 1]]);
}

void encode_string(Out& out, std::string_view s) {
  if (s.size() < kMinPacked) {
    out.u8(kString);
    out.text(s);
    return;
  }
  if (is_uuid(s)) {
    out.u8(kUuid);
    for (std::size_t start : {0, 9, 14, 19, 24}) {
      const std::size_t len = start == 0 ? 8 : start == 24 ? 12 : 4;
      pack_hex(out, s.substr(start, len), false);
    }
    return;
  }
  // The uppercase run is looked at only when the lowercase one stopped at an uppercase digit.
  const std::size_t lower = hex_tail(s, false);
  const bool at_upper = lower < s.size() && hex_value(s[s.size() - 1 - lower], true) != 0xFF;
  const std::size_t upper = at_upper ? hex_tail(s, true) : 0;
  const bool use_upper = upper > lower;
  const std::size_t run = (use_upper ? upper : lower) & ~std::size_t{1};
  if (run < kMinHexTail) {
    out.u8(kString);
    out.text(s);
    return;
  }
  if (run == s.size()) {
    out.u8(use_upper ? kHexOnlyUpper : kHexOnlyLower);
  } else {
    out.u8(use_upper ? kHexUpper : kHexLower);
    out.text(s.substr(0, s.size() - run));
  }
  out.varint(run / 2);
  pack_hex(out, s.substr(s.size() - run), use_upper);
}

void encode(Out& out, const Value& v, bool pooled = false) {
  if (pooled && v.type == ValueType::string) {
    if (const int i = NamePool::instance().find_or_add(v.text); i >= 0) {
      out.u8(kPooled);
      out.u8(static_cast<std::uint8_t>(i));
      return;
    }
  }
  switch (v.type) {
    case ValueType::null: out.u8(kNull); return;
    case ValueType::boolean: out.u8(v.boolean ? kTrue : kFalse); return;
    case ValueType::integer:
      if (std::bit_cast<std::uint64_t>(v.number) == std::bit_cast<std::uint64_t>(static_cast<double>(v.integer))) {
        out.u8(kInt);
        out.varint(zigzag(v.integer));
      } else {
        out.u8(kIntNumber);
        out.fixed<std::int64_t>(v.integer);
        out.fixed<double>(v.number);
      }
      return;
    case ValueType::number:
      out.u8(kNumber);
      out.fixed<double>(v.number);
      return;
    case ValueType::string: encode_string(out, v.text); return;
    case ValueType::raw_json:
      out.u8(kRawJson);
      out.text(v.text);
      return;
  }
}

void unpack_hex(In& in, std::size_t bytes, bool upper, std::string& text) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    const std::uint8_t b = in.u8();
    text.push_back(digits[b >> 4]);
    text.push_back(digits[b & 0xF]);
  }
}

// Decodes one value. Strings point into the record, or, when they were packed, into the string
// that `storage()` returns (which must stay where it is while the value is used).
template <class Storage>
Value decode(In& in, Storage&& storage) {
  const auto tag = static_cast<Tag>(in.u8());
  switch (tag) {
    case kNull: return Value::make_null();
    case kFalse: return Value::make_bool(false);
    case kTrue: return Value::make_bool(true);
    case kInt: return Value::make_int(unzigzag(in.varint()));
    case kIntNumber: {
      Value v = Value::make_int(in.fixed<std::int64_t>());
      v.number = in.fixed<double>();
      return v;
    }
    case kNumber: return Value::make_number(in.fixed<double>());
    case kString: return Value::make_string(in.text());
    case kRawJson: return Value::make_raw_json(in.text());
    case kHexLower:
    case kHexUpper:
    case kHexOnlyLower:
    case kHexOnlyUpper: {
      std::string& text = storage();
      if (tag == kHexLower || tag == kHexUpper) text.assign(in.text());
      else text.clear();
      unpack_hex(in, in.varint(), tag == kHexUpper || tag == kHexOnlyUpper, text);
      return Value::make_string(text);
    }
    case kUuid: {
      std::string& text = storage();
      text.clear();
      for (std::size_t bytes : {4, 2, 2, 2, 6}) {
        if (!text.empty()) text.push_back('-');
        unpack_hex(in, bytes, false, text);
      }
      return Value::make_string(text);
    }
    case kPooled: return Value::make_string(NamePool::instance().at(in.u8()));
    case kNoValue:
    case kValues: break;
  }
  return Value::make_null();  // not reached: every tag is written by encode()
}

// The number of values of the field at `in`, leaving `in` at the first value.
std::uint64_t value_count(In& in) {
  switch (static_cast<Tag>(*in.p)) {
    case kNoValue: ++in.p; return 0;
    case kValues: ++in.p; return in.varint();
    default: return 1;
  }
}

// The record of `event`: the envelope, then `others` (copied fields outside the envelope);
// `evidence` holds indexes into envelope + others.
void build(const Event& event, const FieldPlan& plan, std::span<const FieldId> others,
           std::span<const std::uint32_t> evidence, std::unique_ptr<char[]>& data) {
  const auto env = envelope(plan);
  std::size_t most = 8 + 1 + (5 + evidence.size()) * kMaxVarint;
  auto field_bound = [&](FieldId f) {
    most += 1 + 2 * kMaxVarint;  // field id, "several values" tag and count
    for (const Value& v : event.values(f)) most += bound(v);
  };
  for (FieldId f : env) field_bound(f);
  for (FieldId f : others) field_bound(f);
  thread_local std::unique_ptr<char[]> scratch;
  thread_local std::size_t scratch_size = 0;
  if (most > scratch_size) {
    scratch_size = std::max(most, 2 * scratch_size);
    scratch.reset(new char[scratch_size]);
  }
  Out out{scratch.get()};
  out.fixed<std::int64_t>(event.time_ns());
  // kind, and whether the partition is -1 (files) and left out; the two counts in one byte when
  // both are under 15.
  const bool no_partition = event.position().partition == -1;
  out.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(event.kind()) | (no_partition ? kNoPartition : 0)));
  out.varint(event.position().source);
  if (!no_partition) out.varint(zigzag(event.position().partition));
  out.varint(zigzag(event.position().offset));
  if (evidence.size() < 15 && others.size() < 15) {
    out.u8(static_cast<std::uint8_t>(evidence.size() | others.size() << 4));
  } else {
    out.u8(0xFF);
    out.varint(evidence.size());
    out.varint(others.size());
  }
  for (std::uint32_t i : evidence) out.varint(i);
  auto copy = [&](FieldId f, bool with_id, bool pooled) {
    auto values = event.values(f);
    if (with_id) out.varint(f);
    if (values.size() != 1) {
      out.u8(values.empty() ? kNoValue : kValues);
      if (!values.empty()) out.varint(values.size());
    }
    for (const Value& v : values) encode(out, v, pooled);
  };
  for (std::size_t i = 0; i < kEnvelope; ++i) copy(env[i], false, i == kServiceName);
  for (FieldId f : others) copy(f, true, false);
  const std::size_t record = static_cast<std::size_t>(out.p - scratch.get());
  const std::size_t total = kCapacity + record;
  if (total > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("stored event over 4 GiB");
  const std::uint32_t capacity = data ? get<std::uint32_t>(data.get()) : 0;
  if (total > capacity) {
    // Take the whole malloc chunk: a later, slightly larger record still fits.
    const auto cap = static_cast<std::uint32_t>(malloc_bytes(total) - 8);
    data.reset(new char[cap]);
    std::memcpy(data.get(), &cap, sizeof cap);
  }
  std::memcpy(data.get() + kCapacity, scratch.get(), record);
}

// A record's header; reading it leaves `in` at the envelope.
struct Header {
  std::int64_t time;
  Kind kind;
  SourcePosition position;
  const char* evidence;  // the varint indexes
  std::uint64_t evidence_count;
  std::uint64_t others;  // copied fields past the envelope
};
Header read_header(In& in) {
  Header h;
  h.time = in.fixed<std::int64_t>();
  const std::uint8_t kind = in.u8();
  h.kind = static_cast<Kind>(kind & ~kNoPartition);
  h.position.source = static_cast<std::uint32_t>(in.varint());
  h.position.partition = kind & kNoPartition ? -1 : static_cast<std::int32_t>(unzigzag(in.varint()));
  h.position.offset = unzigzag(in.varint());
  if (const std::uint8_t counts = in.u8(); counts != 0xFF) {
    h.evidence_count = counts & 0xF;
    h.others = counts >> 4;
  } else {
    h.evidence_count = in.varint();
    h.others = in.varint();
  }
  h.evidence = in.p;
  for (std::uint64_t i = 0; i < h.evidence_count; ++i) in.varint();
  return h;
}
// f(field, value count, in) per copied field, in record order; f reads the values.
template <class F>
void for_each_field(In& in, const Header& h, const FieldPlan& plan, F&& f) {
  for (FieldId field : envelope(plan)) f(field, value_count(in), in);
  for (std::uint64_t i = 0; i < h.others; ++i) {
    const auto field = static_cast<FieldId>(in.varint());
    f(field, value_count(in), in);
  }
}

// The index of each of `fields` among the copied fields (envelope, then `others`), appending the
// fields outside both to `others`.
void index_evidence(const std::array<FieldId, kEnvelope>& env, std::span<const FieldId> fields,
                    std::vector<FieldId>& others, std::vector<std::uint32_t>& indexes) {
  indexes.clear();
  for (FieldId f : fields) {
    auto e = std::find(env.begin(), env.end(), f);
    if (e != env.end()) {
      indexes.push_back(static_cast<std::uint32_t>(e - env.begin()));
      continue;
    }
    auto o = std::find(others.begin(), others.end(), f);
    indexes.push_back(static_cast<std::uint32_t>(kEnvelope + (o - others.begin())));
    if (o == others.end()) others.push_back(f);
  }
}

}  // namespace

void StoredEvent::assign(const Event& event, const FieldPlan& plan, std::span<const FieldId> fields) {
  thread_local std::vector<FieldId> others;
  thread_local std::vector<std::uint32_t> evidence;
  others.clear();
  index_evidence(envelope(plan), fields, others, evidence);
  build(event, plan, others, evidence, data_);
}

std::int64_t StoredEvent::time_ns() const { return data_ ? get<std::int64_t>(data_.get() + kCapacity) : 0; }

std::size_t StoredEvent::heap_bytes() const { return data_ ? malloc_bytes(get<std::uint32_t>(data_.get())) : 0; }

StoredEvent::View StoredEvent::view(const FieldPlan& plan) const {
  View out;
  if (!data_) return out;
  EventBuilder builder(plan.size(), /*compact=*/true);
  std::vector<FieldId> copied;
  auto storage = [&]() -> std::string& { return out.texts.emplace_back(); };
  In in{data_.get() + kCapacity};
  const Header h = read_header(in);
  for_each_field(in, h, plan, [&](FieldId field, std::uint64_t count, In& values) {
    copied.push_back(field);
    for (std::uint64_t k = 0; k < count; ++k) builder.add(field, decode(values, storage));
  });
  builder.kind(h.kind).time_ns(h.time).position(h.position);
  out.event = builder.finish();
  In evidence{h.evidence};
  for (std::uint64_t i = 0; i < h.evidence_count; ++i) {
    const FieldId f = copied[evidence.varint()];
    out.fields.push_back({f, out.event.first(f)});
  }
  return out;
}

void StoredEvent::write_to(state::Writer& w, const FieldPlan& plan) const {
  // The snapshot holds the values as text, whatever the in-memory encoding: kind, time, source,
  // partition, offset, the copied fields with their values, then the evidence field ids.
  In in{data_.get() + kCapacity};
  const Header h = read_header(in);
  w.u8(static_cast<std::uint8_t>(h.kind));
  w.i64(h.time);
  w.varint(h.position.source);
  w.i64(h.position.partition);
  w.i64(h.position.offset);
  w.varint(kEnvelope + h.others);
  thread_local std::string text;
  std::vector<FieldId> copied;
  for_each_field(in, h, plan, [&](FieldId field, std::uint64_t count, In& values) {
    copied.push_back(field);
    w.varint(field);
    w.varint(count);
    for (std::uint64_t k = 0; k < count; ++k) {
      const Value v = decode(values, [&]() -> std::string& { return text; });
      w.u8(static_cast<std::uint8_t>(v.type));
      switch (v.type) {
        case ValueType::null: break;
        case ValueType::boolean: w.boolean(v.boolean); break;
        case ValueType::integer: w.i64(v.integer); break;
        case ValueType::number: w.f64(v.number); break;
        case ValueType::string:
        case ValueType::raw_json: w.bytes(v.text); break;
      }
    }
  });
  w.varint(h.evidence_count);
  In evidence{h.evidence};
  for (std::uint64_t i = 0; i < h.evidence_count; ++i) w.varint(copied[evidence.varint()]);
}
std::optional<StoredEvent> StoredEvent::read_from(state::Reader& r, const FieldPlan& plan, std::size_t source_count) {
  std::uint8_t kind = 0;
  std::int64_t time = 0, partition = 0, offset = 0;
  std::uint64_t source = 0;
  if (!r.u8(kind) || !r.i64(time) || !r.varint(source) || !r.i64(partition) || !r.i64(offset)) return std::nullopt;
  if (kind >= kKindCount || source >= source_count) {
    r.fail("stored event: unknown kind or source");
    return std::nullopt;
  }
  // Decode into a temporary event whose strings point into the snapshot, then copy it.
  std::vector<std::pair<FieldId, Value>> values;
  std::vector<FieldId> copied;
  std::size_t fields = 0;
  if (!r.count(fields, 2, plan.size())) return std::nullopt;
  for (std::size_t i = 0; i < fields; ++i) {
    std::uint64_t field = 0;
    std::size_t count = 0;
    if (!r.varint(field) || !r.count(count, 1, 1u << 20)) return std::nullopt;
    if (field >= plan.size()) {
      r.fail("stored event: field id outside the plan (snapshot of other rules?)");
      return std::nullopt;
    }
    if (std::find(copied.begin(), copied.end(), static_cast<FieldId>(field)) != copied.end()) {
      r.fail("stored event: field listed twice");
      return std::nullopt;
    }
    copied.push_back(static_cast<FieldId>(field));
    for (std::size_t k = 0; k < count; ++k) {
      std::uint8_t type = 0;
      if (!r.u8(type)) return std::nullopt;
      Value v;
      bool ok = true;
      switch (static_cast<ValueType>(type)) {
        case ValueType::null: v = Value::make_null(); break;
        case ValueType::boolean: {
          bool b = false;
          ok = r.boolean(b);
          v = Value::make_bool(b);
          break;
        }
        case ValueType::integer: {
          std::int64_t n = 0;
          ok = r.i64(n);
          v = Value::make_int(n);
          break;
        }
        case ValueType::number: {
          double d = 0;
          ok = r.f64(d);
          v = Value::make_number(d);
          break;
        }
        case ValueType::string:
        case ValueType::raw_json: {
          std::string_view text;
          ok = r.bytes(text);
          v = static_cast<ValueType>(type) == ValueType::string ? Value::make_string(text) : Value::make_raw_json(text);
          break;
        }
        default: r.fail("stored event: unknown value type"); return std::nullopt;
      }
      if (!ok) return std::nullopt;
      values.emplace_back(static_cast<FieldId>(field), v);
    }
  }
  std::vector<FieldId> evidence;
  std::size_t n = 0;
  if (!r.count(n, 1, plan.size())) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t field = 0;
    if (!r.varint(field)) return std::nullopt;
    if (field >= plan.size()) {
      r.fail("stored event: evidence field id outside the plan");
      return std::nullopt;
    }
    evidence.push_back(static_cast<FieldId>(field));
  }
  EventBuilder builder(plan.size());
  builder.kind(static_cast<Kind>(kind))
      .time_ns(time)
      .position({static_cast<std::uint32_t>(source), static_cast<std::int32_t>(partition), offset});
  for (const auto& [field, value] : values) builder.add(field, value);
  Event view = builder.finish();
  // The envelope is implicit in the record: the other fields keep their snapshot order.
  const auto env = envelope(plan);
  std::vector<FieldId> others;
  for (FieldId f : copied)
    if (std::find(env.begin(), env.end(), f) == env.end()) others.push_back(f);
  std::vector<std::uint32_t> indexes;
  index_evidence(env, evidence, others, indexes);
  StoredEvent out;
  build(view, plan, others, indexes, out.data_);
  return out;
}

}  // namespace sigil::keyed
