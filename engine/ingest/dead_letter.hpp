#pragma once
// Dead-letter records: one JSON object per rejected record, written as JSON Lines:
//   {"reason":"invalid_json","message":"...","source":{"file":"in.jsonl","line":3},
//    "byte_offset":17,"original_length":42,"original":"<the bytes, JSON-escaped>"}
// byte_offset (where in the record the problem was found) is left out when the problem is the
// event as a whole (a missing field, an unknown kind).
// When the original bytes are not valid UTF-8 they are given as "original_base64" instead, so
// the record is lossless and always valid JSON. Records a source truncated say "truncated":true.
//
// Thread safety: none; the pipeline's serial output stage owns the writer.

#include <cstdio>
#include <string>
#include <string_view>

#include "engine/event/source_position.hpp"
#include "engine/ingest/normalizer.hpp"
#include "engine/ingest/raw_batch.hpp"

namespace sigil {

// Appends one dead-letter record (with its trailing newline) to `out`.
void append_dead_letter(std::string& out, const SourceTable& sources, const RawRecord& record,
                        std::string_view original, const Rejection& rejection);

}  // namespace sigil
