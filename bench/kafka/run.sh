#!/usr/bin/env bash
# Scenario 5 of tools/bench: Kafka end to end with the real broker (tools/kafka), reusing the
# helpers of tests/kafka/bench.sh (tests/kafka/lib.sh). Broker, producer and engine share the machine.
#   1. throughput: K events already in a 3-partition topic, the engine started on it; the rate is
#      the median of the engine's per-second `consumed (N/s)` stats lines while it drains the
#      backlog (first and last interval excluded), and K / wall time as a cross-check.
#   2. latency: events produced at 50% and at 90% of that rate (`sigil produce --rate`, which
#      connects before its clock starts) into fresh topics, for at least KAFKA_LATENCY_SECONDS
#      (default 5; the L events are repeated as needed). produce->alert latency = the alert
#      message's timestamp minus that of the event message its first evidence names
#      (topic/partition/offset). The event topic keeps CreateTime (when the telemetry producer
#      handed the event to its client); the alert topic uses LogAppendTime (when the broker
#      appended the alert, i.e. when a consumer of alerts can read it): so the figure covers the
#      whole path, both producers' lingers included. Alerts whose event came in the first second
#      (warm-up: connections, first fetch) are left out and counted. p50/p99/p999 over the rest.
# Usage: bench/kafka/run.sh SIGIL EVENTS.jsonl K L RULES OUT   (writes key=value lines to OUT)
# Environment: KAFKA_LATENCY_SECONDS; SIGIL_KAFKA_ENGINE_ARGS / SIGIL_KAFKA_PRODUCE_ARGS: extra
# arguments for `sigil run` / `sigil produce` (A/B comparisons of settings in one session);
# KAFKA_RATE: skip phase 1 and take this as the maximum rate; KAFKA_NO_LATENCY=1: phase 1 only.
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/kafka/lib.sh"
sigil=$1 input=$2 k=$3 l=$4 rules=$5 out=$6
bench=$repo/bench/kafka
lat_seconds=${KAFKA_LATENCY_SECONDS:-5}
read -r -a engine_args <<<"${SIGIL_KAFKA_ENGINE_ARGS:-}"
read -r -a produce_args <<<"${SIGIL_KAFKA_PRODUCE_ARGS:-}"

run_engine() {  # run_engine NAME TOPIC ALERTS_TOPIC: like start_engine, with 1-second stats
  "$engine" run --brokers "$KAFKA_BROKERS" -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 \
    --stats-interval 1 --rules "$rules" --topic "$2" --group "g-$1" --alerts-topic "$3" "${engine_args[@]}" \
    2>"$work/$1.log" &
  engine_pids+=($!)
  eval "${1}_pid=$!"
  wait_until 60 "assigned $2" grep -qs "assigned $2" "$work/$1.log"
}
consumed() { sed -nE 's/^sigil: kafka: consumed ([0-9]+) .*/\1/p' "$work/$1.log" | tail -1; }

start_broker
topics=(events events50 events90)
[[ -z ${KAFKA_RATE:-} ]] || topics=(events50 events90)
[[ -z ${KAFKA_NO_LATENCY:-} ]] || topics=(events)
for t in "${topics[@]}"; do
  create_topic "$t" 3
  create_topic "${t/events/alerts}" 3 --config message.timestamp.type=LogAppendTime
done
head -n "$k" "$input" >"$work/k.jsonl"
head -n "$l" "$input" >"$work/l.jsonl"
echo "kafka_uptime=$(uptime)" >>"$out"
echo "kafka_engine_args=${SIGIL_KAFKA_ENGINE_ARGS:-}" >>"$out"

if [[ -n ${KAFKA_RATE:-} ]]; then
  max=$KAFKA_RATE
  echo "kafka_max=$max (given)" >>"$out"
else
  step "throughput: $k events already in the topic"
  "$engine" produce --brokers "$KAFKA_BROKERS" --topic events "${produce_args[@]}" "$work/k.jsonl" 2>"$work/produce.log"
  t0=$(date +%s.%N)
  run_engine t events alerts
  for ((i = 0; i < 6000; i++)); do c=$(consumed t); [ "${c:-0}" -ge "$k" ] && break; sleep 0.1; done
  t1=$(date +%s.%N)
  sleep 2
  stop_engine "$t_pid" 30
  rates=$(sed -nE 's/^sigil: kafka: consumed [0-9]+ \(([0-9]+)\/s\), lag ([0-9]+) .*/\1 \2/p' "$work/t.log" |
    awk '$2 > 0 { print $1 }' | sed '1d;$d')
  [ -n "$rates" ] || rates=$(sed -nE 's/^sigil: kafka: consumed [0-9]+ \(([0-9]+)\/s\).*/\1/p' "$work/t.log" | sort -n | tail -1)
  max=$(printf '%s\n' $rates | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  wall=$(python3 -c "print(f'{$k / ($t1 - $t0):.0f}')")
  echo "throughput: median $max events/s over the per-second stats ($(echo $rates | tr ' ' ,)); $k events in $(python3 -c "print(f'{$t1 - $t0:.2f}')") s from engine start = $wall events/s"
  { echo "kafka_events=$k"; echo "kafka_max=$max"; echo "kafka_rates=$(echo $rates | tr ' ' ,)"; echo "kafka_wall_rate=$wall"; } >>"$out"
fi

pcts=(50 90)
[[ -z ${KAFKA_NO_LATENCY:-} ]] || pcts=()
for pct in "${pcts[@]}"; do
  rate=$((max * pct / 100))
  repeat=$(((rate * lat_seconds + l - 1) / l))
  step "latency: $((l * repeat)) events at $rate/s ($pct% of $max)"
  run_engine "l$pct" "events$pct" "alerts$pct"
  "$engine" produce --brokers "$KAFKA_BROKERS" --topic "events$pct" --rate "$rate" --repeat "$repeat" \
    "${produce_args[@]}" "$work/l.jsonl" 2>"$work/p$pct.log"
  tail -1 "$work/p$pct.log"
  produced=$(sed -nE 's/.* in [0-9.]+ s \(([0-9]+)\/s\).*/\1/p' "$work/p$pct.log")
  wait_until 120 "committed to the end" lag_is_zero "g-l$pct" "events$pct"
  sleep 1
  pid_var="l${pct}_pid"
  stop_engine "${!pid_var}" 30
  # Only the timestamps of the events (no payloads), and the alerts whole.
  kcat -b "$KAFKA_BROKERS" -C -t "events$pct" -o beginning -e -q -f '%t %p %o %T\n' >"$work/in$pct.ts"
  dump_topic "alerts$pct" >"$work/out$pct.dump"
  python3 "$bench/latency.py" "$work/in$pct.ts" "$work/out$pct.dump" "kafka_p$pct" "$rate" "${produced:-?}" | tee -a "$out"
done
