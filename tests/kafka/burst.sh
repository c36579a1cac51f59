#!/usr/bin/env bash
# Burst (issue 10): a steady rate R, then 10R for a minute, then R again, through Kafka. The lag
# must grow during the burst and come back to 0 after it, every produced event must have been
# evaluated (at least once), no dead letter, no crash, a clean exit.
#
# The engine is made slower than 10R and faster than R on any machine, not by a rule pack whose
# cost depends on the CPU, but by its alert sink: the rule alerts on every event, and the alert
# producer may hold only $queue messages that linger $linger_ms ms (librdkafka's
# queue.buffering.max.messages and linger.ms), so the pipeline waits for the broker's
# acknowledgements (back-pressure) and consumes about queue / linger events per second: a slow
# downstream, the way a burst overloads a real deployment. A slower machine only lowers that rate.
# The per-second lag curve (engine stats: high watermark minus position, summed over partitions)
# is printed at the end.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rate=${SIGIL_KAFKA_BURST_RATE:-250}          # R, events/s
burst_s=${SIGIL_KAFKA_BURST_SECONDS:-60}     # 10R for this long
before_s=5 after_s=25
queue=${SIGIL_KAFKA_BURST_QUEUE:-100} linger_ms=${SIGIL_KAFKA_BURST_LINGER_MS:-50}

start_broker
create_topic events 3  # alerts and dead letters: auto-created on first use (one JVM start less each)

n_before=$((rate * before_s)) n_burst=$((rate * 10 * burst_s)) n_after=$((rate * after_s))
n=$((n_before + n_burst + n_after))
step "$n events: $n_before at $rate/s, $n_burst at $((rate * 10))/s, $n_after at $rate/s"
python3 "$here/gen_events.py" "$n" "$work/events.jsonl"
head -n "$n_before" "$work/events.jsonl" >"$work/before.jsonl"
sed -n "$((n_before + 1)),$((n_before + n_burst))p" "$work/events.jsonl" >"$work/burst.jsonl"
tail -n "$n_after" "$work/events.jsonl" >"$work/after.jsonl"

SIGIL_KAFKA_STATS_INTERVAL=1 start_engine e --rules "$here/data/burst.sigil" --topic events --group burst \
  --alerts-topic alerts --dead-letter-topic dead --threads 2 \
  -X producer.queue.buffering.max.messages="$queue" -X producer.linger.ms="$linger_ms"
wait_until 60 "engine assigned" grep -qs 'assigned events' "$work/e.log"

echo start >"$work/phase"
python3 "$here/burst_lag.py" sample "$work/e.stats.json" "$work/phase" "$work/stop" "$work/lag.log" &
sampler=$!
alive() { kill -0 "$e_pid" 2>/dev/null || fail "the engine died: $(tail -5 "$work/e.log")"; }
produce() {  # produce PHASE RATE FILE
  echo "$1" >"$work/phase"
  step "$1: $(wc -l <"$3") events at $2/s"
  "$engine" produce --brokers "$KAFKA_BROKERS" --topic events --rate "$2" "$3" 2>&1 | sed 's/^/  /'
  alive
}
produce steady "$rate" "$work/before.jsonl"
produce burst "$((rate * 10))" "$work/burst.jsonl"
produce after "$rate" "$work/after.jsonl"
echo drain >"$work/phase"

step "lag back to 0"
lag_now() { python3 "$here/kafka_check.py" stat "$work/e.stats.json" lag_total; }
consumed_now() { python3 "$here/kafka_check.py" stat "$work/e.stats.json" consumed; }
caught_up() { alive; (($(lag_now) == 0 && $(consumed_now) >= n)); }
wait_until 180 "the engine consumed all $n events and its lag is 0" caught_up
wait_until 60 "offsets committed to the end (broker)" lag_is_zero burst events
touch "$work/stop"
wait "$sampler"
stop_engine "$e_pid" 30 || fail "engine exited non-zero"

step "lag curve (seconds since the first event, phase, consumed, lag)"
cat "$work/lag.log"
peak=$(awk '$2 == "burst" || $2 == "after" { if ($4 > p) p = $4 } END { print p + 0 }' "$work/lag.log")
steady=$(awk '$2 == "steady" { if ($4 > p) p = $4 } END { print p + 0 }' "$work/lag.log")
recovered=$(awk '$2 == "after" || $2 == "drain" { if ($4 == 0) { print $1; exit } }' "$work/lag.log")
echo "peak lag $peak during or after the burst (steady phase: at most $steady); back to 0 at ${recovered:-never}s"
((peak >= rate * 10)) || fail "the lag did not grow during the burst (peak $peak < $((rate * 10))): the engine kept up"
tail -n 1 "$work/lag.log" | awk '{ exit $4 != 0 }' || fail "the lag did not come back to 0"

step "every event evaluated, no dead letter"
kcat -b "$KAFKA_BROKERS" -C -t events -o beginning -e -q -f '%p %o\n' >"$work/events.offsets"
(($(wc -l <"$work/events.offsets") == n)) || fail "the events topic holds $(wc -l <"$work/events.offsets") messages, not $n"
dump_topic alerts >"$work/alerts.dump"
python3 "$here/burst_lag.py" coverage "$work/events.offsets" "$work/alerts.dump"
# Every dead letter the broker acknowledged is counted here (none written: no topic "dead" at all).
[[ $(python3 "$here/kafka_check.py" stat "$work/e.stats.json" dead_letters) == 0 ]] || fail "dead letters"
[[ $(python3 "$here/kafka_check.py" stat "$work/e.stats.json" delivery_failures) == 0 ]] || fail "delivery failures"
grep -E '^sigil run: ' "$work/e.log" | tail -2
step "PASS"
