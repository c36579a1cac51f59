#!/usr/bin/env bash
# Broker restart mid-stream (tools/kafka restart: same data, same port): the engine keeps running,
# says once that the brokers are unreachable and once that they are back, and loses nothing: every
# expected alert is there once the second half of the events (produced after the restart) is done.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
events=${SIGIL_KAFKA_RESTART_EVENTS:-100000}

start_broker
create_topic events 3
create_topic alerts 3

step "$events events, the expected alerts (file mode)"
python3 "$here/gen_events.py" "$events" "$work/events.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
n_alerts=$(wc -l <"$work/expected.alerts.jsonl")
half=$((events / 2))
head -n "$half" "$work/events.jsonl" >"$work/first.jsonl"
tail -n +"$((half + 1))" "$work/events.jsonl" >"$work/second.jsonl"

step "first half in, engine running"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/first.jsonl"
start_engine e --rules "$here/data/rules.sigil" --topic events --group restart --alerts-topic alerts --threads 2
wait_until 60 "first alerts" bash -c "(( \$(kcat -b $KAFKA_BROKERS -C -t alerts -o beginning -e -q -f '%o\n' | wc -l) > 0 ))"

step "restart the broker"
"$kafka" restart --dir "$KAFKA_DIR"
kill -0 "$e_pid" || fail "the engine died with the broker"

step "second half in"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/second.jsonl"
wait_until 180 "committed offsets at the end of 'events'" lag_is_zero restart events
kill -0 "$e_pid" || fail "the engine is not running any more"
cat "$work/e.log" | grep -v 'sigil: kafka: consumed' || true
grep -q 'brokers unreachable' "$work/e.log" || fail "no 'brokers unreachable' line"
grep -q 'brokers reachable again' "$work/e.log" || fail "no 'brokers reachable again' line"
stop_engine "$e_pid" 30 || fail "engine exited non-zero"

step "no loss"
dump_topic alerts >"$work/alerts.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump"
step "PASS"
