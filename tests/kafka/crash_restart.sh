#!/usr/bin/env bash
# Crash: kill -9 the engine in the middle of a 200,000-event stream, start it again with the same
# group: every alert the file mode gives must be on the alerts topic afterwards (duplicates allowed:
# at-least-once; a re-evaluated event gives the identical alert_id), none other.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
events=${SIGIL_KAFKA_CRASH_EVENTS:-200000}
rate=${SIGIL_KAFKA_CRASH_RATE:-25000}

start_broker
create_topic events 3
create_topic alerts 3

step "$events events and the expected alerts (file mode)"
python3 "$here/gen_events.py" "$events" "$work/events.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
n_alerts=$(wc -l <"$work/expected.alerts.jsonl")
echo "expected: $n_alerts alerts"

step "run the engine, produce them at ${rate}/s; kill -9 it once a fifth of the alerts are out"
start_engine a --rules "$here/data/rules.sigil" --topic events --group crash --alerts-topic alerts --threads 2
wait_until 60 "engine a assigned" grep -qs 'assigned events' "$work/a.log"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events --rate "$rate" "$work/events.jsonl" &
producer=$!
alerts_out() { kcat -b "$KAFKA_BROKERS" -C -t alerts -o beginning -e -q -f '%o\n' | wc -l; }
for ((i = 0; i < 600; i++)); do
  (($(check stat "$work/a.stats.json" consumed) >= events / 5)) && break
  sleep 0.1
done
kill -9 "$a_pid"
wait "$a_pid" || true
at_kill=$(alerts_out)
lag=$(group_lag crash events)
echo "killed after $(check stat "$work/a.stats.json" consumed) events consumed, $at_kill alerts out; committed lag $lag"
[[ $lag == "?" ]] || ((lag > 0)) || fail "the engine had finished before the kill: nothing to test"

wait "$producer"

step "start it again, same group"
start_engine b --rules "$here/data/rules.sigil" --topic events --group crash --alerts-topic alerts --threads 2
wait_until 240 "committed offsets at the end of 'events'" lag_is_zero crash events
stop_engine "$b_pid" 30 || fail "engine exited non-zero"

step "every expected alert is there"
dump_topic alerts >"$work/alerts.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump"
step "PASS"
