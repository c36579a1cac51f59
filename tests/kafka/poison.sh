#!/usr/bin/env bash
# Poison messages on a one-partition topic, between good events: not JSON, 5 MB, a wrong kind.
# Each is dead-lettered (reason in a header; the 5 MB one cut to --dead-letter-max-bytes, marked
# truncated) and the partition is not blocked: the good events after them give their alerts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_broker
create_topic events 1 --config max.message.bytes=10485760
create_topic alerts 1
create_topic dead 1

step "good events, poison, good events"
python3 "$here/gen_events.py" 2000 "$work/events.jsonl"
head -n 1000 "$work/events.jsonl" >"$work/good1.jsonl"
tail -n 1000 "$work/events.jsonl" >"$work/good2.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
printf 'this is { not JSON' >"$work/p1"
python3 - "$work/p2" <<'PY'
import json, sys
ev = {"schema_version": "1", "kind": "prompt", "time": "2026-11-25T10:00:00Z", "event": {"id": "big"},
      "session": {"id": "s-big"}, "user": {"id": "u"}, "prompt": {"text": "x" * (5 << 20), "source": "user"}}
open(sys.argv[1], "w").write(json.dumps(ev))
PY
printf '%s' '{"schema_version":"1","kind":"no_such_kind","time":"2026-11-25T10:00:00Z","event":{"id":"wk"},"session":{"id":"s-wk"},"user":{"id":"u"}}' >"$work/p3"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/good1.jsonl"
kcat -P -b "$KAFKA_BROKERS" -t events -p 0 -X message.max.bytes=10000000 "$work/p1" "$work/p2" "$work/p3"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/good2.jsonl"

step "run the engine"
start_engine e --rules "$here/data/rules.sigil" --topic events --group poison --alerts-topic alerts \
  --dead-letter-topic dead --threads 2
wait_until 60 "committed offsets at the end of 'events'" lag_is_zero poison events
stop_engine "$e_pid" 30 || fail "engine exited non-zero"

step "dead letters and alerts"
dump_topic alerts >"$work/alerts.dump"
dump_topic dead >"$work/dead.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump" --exact
python3 - "$work/dead.dump" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
h = [{e["headers"][i]: e["headers"][i + 1] for i in range(0, len(e["headers"]), 2)} for e in got]
reasons = [x["sigil.reason"] for x in h]
print("dead letters:", reasons, [len(e["payload"]) for e in got])
assert reasons == ["invalid_json", "too_large", "unknown_kind"], reasons
assert got[0]["payload"] == "this is { not JSON"
assert h[1].get("sigil.truncated") == "true" and len(got[1]["payload"]) == 900000, h[1]
assert int(h[1]["sigil.original_length"]) > 5 << 20
assert [x["sigil.source.offset"] for x in h] == ["1000", "1001", "1002"], h
PY
step "PASS"
