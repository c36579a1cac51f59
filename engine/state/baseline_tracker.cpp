#include "engine/state/baseline_tracker.hpp"

namespace sigil::state {
namespace {

constexpr std::uint8_t kVersion = 1;

TumblingAggregate::Options bucket_options(AggregateFn fn, TimeNs length, std::size_t max_open) {
  TumblingAggregate::Options o;
  o.length = length;
  o.max_open = max_open;
  o.distinct = fn == AggregateFn::distinct;
  o.percentiles = fn >= AggregateFn::p50;
  return o;
}

double span(TimeNs length, TimeNs horizon) {
  return length <= 0 ? 1.0 : static_cast<double>(horizon) / static_cast<double>(length);
}

}  // namespace

BaselineTracker::BaselineTracker(AggregateFn fn, TimeNs length, TimeNs horizon, std::uint32_t warmup,
                                 std::size_t max_open)
    : fn_(fn),
      buckets_(bucket_options(fn, length, max_open)),
      ewma_(Ewma::alpha_for_span(span(length, horizon)), warmup) {}

std::size_t BaselineTracker::close_until(TimeNs watermark) {
  thread_local std::vector<BucketResult> closed;  // scratch: a member would cost every key 24 B + its capacity
  closed.clear();
  const std::size_t n = buckets_.close_until(watermark, closed);
  for (const BucketResult& r : closed) ewma_.update(r.value(fn_));
  return n;
}

std::size_t BaselineTracker::memory_bytes() const {
  return sizeof(*this) - sizeof(buckets_) + buckets_.memory_bytes();
}

void BaselineTracker::write_to(Writer& w) const {
  w.header(SnapshotTag::baseline_tracker, kVersion);
  w.u8(static_cast<std::uint8_t>(fn_));
  buckets_.write_to(w);
  ewma_.write_to(w);
}

bool BaselineTracker::read_from(Reader& r) {
  std::uint8_t fn = 0;
  if (!r.header(SnapshotTag::baseline_tracker, kVersion) || !r.u8(fn)) return false;
  if (fn != static_cast<std::uint8_t>(fn_)) return r.fail("baseline function differs from the rule's");
  return buckets_.read_from(r) && ewma_.read_from(r);
}

}  // namespace sigil::state
