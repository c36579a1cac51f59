#!/usr/bin/env bash
# Round trip: events of every kind (examples/telemetry.jsonl, each with an explicit event.id) and
# the bad lines of examples/bad-input.jsonl into a 3-partition topic; `sigil run` in Kafka mode
# must give exactly the alerts the file mode gives (same alert_ids, no duplicate), keyed by
# session.id with rule/ATLAS headers; the dead letters on their topic with the original bytes and
# reason/source headers; and, after SIGTERM, exit 0 with every offset committed (lag 0).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_broker
create_topic events 3 --config max.message.bytes=10485760
create_topic alerts 3
create_topic dead 1

step "events and the expected output (file mode)"
python3 "$here/gen_events.py" 3267 "$work/events.jsonl" --bad "$repo/examples/bad-input.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
n_alerts=$(wc -l <"$work/expected.alerts.jsonl")
n_dead=$(wc -l <"$work/expected.dead.jsonl")
echo "expected: $n_alerts alerts, $n_dead dead letters"
((n_alerts > 0 && n_dead > 0)) || fail "the rules should give alerts and the bad lines dead letters"

step "produce into 'events' (sigil produce, keyed by session.id)"
"$engine" produce --brokers "$KAFKA_BROKERS" --topic events -X message.max.bytes=10000000 "$work/events.jsonl"

step "run the engine"
start_engine e --rules "$here/data/rules.sigil" --topic events --group rt --alerts-topic alerts \
  --dead-letter-topic dead --threads 2
wait_until 90 "all alerts on 'alerts'" bash -c "(( \$(kcat -b $KAFKA_BROKERS -C -t alerts -o beginning -e -q -f '%o\n' | wc -l) >= $n_alerts ))"
wait_until 30 "all dead letters on 'dead'" bash -c "(( \$(kcat -b $KAFKA_BROKERS -C -t dead -o beginning -e -q -f '%o\n' | wc -l) >= $n_dead ))"
wait_until 30 "committed offsets at the end of 'events'" lag_is_zero rt events

step "SIGTERM: exit 0 within 30 s, offsets still at the end"
stop_engine "$e_pid" 30 || fail "engine exited non-zero"
[[ $(group_lag rt events) == 0 ]] || fail "lag after stop: $(group_lag rt events)"
grep -q 'sigil: kafka: consumed' "$work/e.log" || fail "no stats line on stderr"
[[ $(check stat "$work/e.stats.json" alerts) == "$n_alerts" ]] || fail "--stats-json alerts: $(cat "$work/e.stats.json")"

step "compare"
dump_topic alerts >"$work/alerts.dump"
dump_topic dead >"$work/dead.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump" --exact
check dead-letters "$work/expected.dead.jsonl" "$work/dead.dump"
step "PASS"
