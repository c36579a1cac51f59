#pragma once
// A Source over events held in memory (one JSON object per entry, no newline), for `sigil test`:
// each event's position is line N (1-based) of the source it is given, so an event without
// `event.id` is known in alerts as "NAME:N" (engine/alert/alert_writer.hpp, event_id()).
// Not thread-safe (one reader, as every Source).

#include <cstdint>
#include <string>
#include <vector>

#include "engine/ingest/source.hpp"

namespace sigil::testing {

class MemorySource final : public Source {
 public:
  MemorySource(const std::vector<std::string>* events, std::uint32_t source_id)
      : events_(events), source_id_(source_id) {}
  bool read(RawBatch& batch, const ReadLimits& limits) override;

 private:
  const std::vector<std::string>* events_;
  std::uint32_t source_id_;
  std::size_t next_ = 0;
};

}  // namespace sigil::testing
