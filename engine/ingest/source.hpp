#pragma once
// Where raw records come from. A JSON Lines file or stdin now (JsonlSource); Kafka later, behind
// the same interface.
//
// Call order: read() repeatedly until it returns false (end of input). Not thread-safe: one
// thread reads (the pipeline's serial input stage).

#include <cstddef>

#include "engine/ingest/raw_batch.hpp"

namespace sigil {

struct ReadLimits {
  std::size_t max_records = 1024;       // records per batch
  std::size_t max_bytes = 1u << 20;     // bytes per batch (a single larger record still fits)
};

class Source {
 public:
  virtual ~Source() = default;
  // Clears `batch` and appends up to the limits. Returns false when the input is exhausted
  // and nothing was read. Throws std::system_error on I/O errors.
  virtual bool read(RawBatch& batch, const ReadLimits& limits) = 0;
};

}  // namespace sigil
