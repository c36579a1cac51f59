#!/usr/bin/env bash
# Broker down at start, then SIGINT: the engine starts with the broker stopped, says once that
# the brokers are unreachable, consumes once the broker is back (nothing lost), and exits 0 within
# 30 s of SIGINT with everything committed. A second run is stopped with SIGTERM while busy.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_broker
create_topic events 3
create_topic alerts 3
python3 "$here/gen_events.py" 20000 "$work/events.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"

step "stop the broker, start the engine"
"$kafka" stop --dir "$KAFKA_DIR"
start_engine e --rules "$here/data/rules.sigil" --topic events --group sig --alerts-topic alerts --threads 2
sleep 8
kill -0 "$e_pid" || fail "the engine gave up while the broker was down"
n=$(grep -c 'brokers unreachable (' "$work/e.log" || true)
echo "'brokers unreachable' lines while down: $n"
((n >= 1 && n <= 2)) || fail "expected one 'unreachable' line per client, got $n"

step "broker back, events in"
"$kafka" restart --dir "$KAFKA_DIR"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/events.jsonl"
wait_until 120 "committed offsets at the end of 'events'" lag_is_zero sig events

step "SIGINT: exit 0 within 30 s"
t0=$SECONDS
kill -INT "$e_pid"
rc=0
wait "$e_pid" || rc=$?
((rc == 0)) || fail "exit $rc after SIGINT"
((SECONDS - t0 <= 30)) || fail "took $((SECONDS - t0)) s to stop"
dump_topic alerts >"$work/alerts.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump" --exact

step "SIGTERM while busy: exit 0, what was done is committed, the rest is read again"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/events.jsonl"
start_engine f --rules "$here/data/rules.sigil" --topic events --group sig --alerts-topic alerts --threads 2
sleep 2
stop_engine "$f_pid" 30 || fail "engine exited non-zero on SIGTERM"
lag=$(group_lag sig events)
echo "lag after the busy stop: $lag"
start_engine g --rules "$here/data/rules.sigil" --topic events --group sig --alerts-topic alerts --threads 2
wait_until 120 "committed offsets at the end of 'events'" lag_is_zero sig events
stop_engine "$g_pid" 30 || fail "engine exited non-zero"
step "PASS"
