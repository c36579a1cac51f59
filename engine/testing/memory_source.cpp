#include "engine/testing/memory_source.hpp"

namespace sigil::testing {

bool MemorySource::read(RawBatch& batch, const ReadLimits& limits) {
  batch.clear();
  while (next_ < events_->size() && batch.records.size() < limits.max_records &&
         (batch.records.empty() || batch.bytes.size() + (*events_)[next_].size() <= limits.max_bytes)) {
    const std::string& event = (*events_)[next_];
    RawRecord record;
    record.offset = batch.bytes.size();
    record.length = event.size();
    record.original_length = event.size();
    record.position.source = source_id_;
    record.position.offset = static_cast<std::int64_t>(next_ + 1);
    batch.bytes += event;
    batch.records.push_back(record);
    ++next_;
  }
  return !batch.records.empty();
}

}  // namespace sigil::testing
