#!/usr/bin/env bash
# Scaling out: two engine processes in one consumer group on a 6-partition topic share the
# partitions (both consume); SIGTERM on one moves its partitions to the other (it commits what it
# finished before letting them go), and every expected (stateless) alert is emitted.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
events=${SIGIL_KAFKA_TWO_EVENTS:-60000}
rate=${SIGIL_KAFKA_TWO_RATE:-6000}

start_broker
create_topic events 6
create_topic alerts 6

step "$events events, the expected alerts (file mode)"
python3 "$here/gen_events.py" "$events" "$work/events.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"

step "two engines, group 'two'"
start_engine a --rules "$here/data/rules.sigil" --topic events --group two --alerts-topic alerts --threads 2
start_engine b --rules "$here/data/rules.sigil" --topic events --group two --alerts-topic alerts --threads 2
assigned_both() {
  grep -qs 'assigned events' "$work/a.log" && grep -qs 'assigned events' "$work/b.log"
}
wait_until 60 "both engines assigned partitions" assigned_both

step "produce at $rate events/s in the background"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events --rate "$rate" "$work/events.jsonl" &
producer=$!
consumed() { check stat "$work/$1.stats.json" consumed; }
both_consume() { (($(consumed a) > 0 && $(consumed b) > 0)); }
wait_until 60 "both engines consuming" both_consume
echo "a consumed $(consumed a), b consumed $(consumed b)"

step "stop engine a: its partitions move to b"
stop_engine "$a_pid" 30 || fail "engine a exited non-zero"
wait "$producer"
wait_until 180 "committed offsets at the end of 'events'" lag_is_zero two events
grep 'assigned\|revoked' "$work/b.log"
n_parts=$(python3 -c "import json; print(len(json.load(open('$work/b.stats.json'))['lag']))")
((n_parts == 6)) || fail "engine b owns $n_parts partitions, expected all 6"
echo "a consumed $(consumed a), b consumed $(consumed b)"
stop_engine "$b_pid" 30 || fail "engine b exited non-zero"

step "every expected alert"
dump_topic alerts >"$work/alerts.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump"
step "PASS"
