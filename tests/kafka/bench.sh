#!/usr/bin/env bash
# Measurements (not a ctest test): end-to-end throughput topic -> alerts topic, and produce->alert
# latency at a steady rate. Broker, producer and engine share the machine.
#   SIGIL_BUILD_DIR=build tests/kafka/bench.sh [EVENTS] [RATE] [LATENCY_EVENTS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
events=${1:-500000}
rate=${2:-5000}
latency_events=${3:-100000}

start_broker
create_topic events 3
create_topic alerts 3
create_topic events2 3
create_topic alerts2 3
python3 "$here/gen_events.py" "$events" "$work/events.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
n_alerts=$(wc -l <"$work/expected.alerts.jsonl")

step "throughput: $events events already in the topic ($n_alerts alerts expected)"
"$engine" produce --brokers "$KAFKA_BROKERS" --topic events "$work/events.jsonl"
start_engine t --rules "$here/data/rules.sigil" --topic events --group bench --alerts-topic alerts
wait_until 60 "assigned" grep -qs 'assigned events' "$work/t.log"
t0=$(date +%s.%N)
done_all() { (($(check stat "$work/t.stats.json" alerts) >= n_alerts)); }
for ((i = 0; i < 3000; i++)); do done_all && break; sleep 0.1; done
t1=$(date +%s.%N)
stop_engine "$t_pid" 30
python3 -c "print(f'throughput: $events events -> $n_alerts alerts acknowledged in {$t1 - $t0:.2f} s: {$events / ($t1 - $t0):.0f} events/s')"
grep 'consumed' "$work/t.log" | tail -3 | cut -c1-120

step "latency: $latency_events events at $rate/s"
head -n "$latency_events" "$work/events.jsonl" >"$work/lat.jsonl"
start_engine l --rules "$here/data/rules.sigil" --topic events2 --group bench2 --alerts-topic alerts2
wait_until 60 "assigned" grep -qs 'assigned events2' "$work/l.log"
"$engine" produce --brokers "$KAFKA_BROKERS" --topic events2 --rate "$rate" "$work/lat.jsonl"
wait_until 60 "committed to the end" lag_is_zero bench2 events2
stop_engine "$l_pid" 30
dump_topic events2 >"$work/in.dump"
dump_topic alerts2 >"$work/out.dump"
check latency "$work/in.dump" "$work/out.dump"
