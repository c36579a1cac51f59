#!/usr/bin/env bash
# Smoke test of tools/kafka against a real broker: start, create a 3-partition topic, produce 1,000
# keyed messages, consume them in a consumer group, check the committed offsets, restart the broker
# (same data, same port), check that data and offsets survived, then stop.
# ctest runs it with SIGIL_BUILD_DIR set to the CMake binary dir (tests/kafka/CMakeLists.txt).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
kafka=$repo/tools/kafka
export SIGIL_BUILD_DIR=${SIGIL_BUILD_DIR:-$repo/build}
topic=smoke
group=smoke-group
count=1000

step() { printf '== [%3ds] %s\n' "$SECONDS" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

KAFKA_DIR=
cleanup() {
  local rc=$?
  [[ -n $KAFKA_DIR ]] || return 0
  if ((rc == 0)); then
    "$kafka" stop --dir "$KAFKA_DIR" --clean
  else
    "$kafka" stop --dir "$KAFKA_DIR"
    echo "broker run dir kept for inspection: $KAFKA_DIR (logs/server.log)" >&2
  fi
}
trap cleanup EXIT

# Committed offsets of $group summed over the partitions, and the total lag ("sum lag").
committed() {
  "$kafka" groups --dir "$KAFKA_DIR" --describe --group "$group" 2>/dev/null |
    awk -v t="$topic" '$2 == t { sum += $4; lag += $6; n++ } END { if (n) print sum, lag, n }'
}

# Consumes what $group has not consumed yet; prints "partition key" lines.
group_consume() {
  kcat -b "$KAFKA_BROKERS" -G "$group" -X auto.offset.reset=earliest -e -q -f '%p %k\n' "$topic"
}

step "start a broker"
eval "$("$kafka" start)"
[[ -n ${KAFKA_BROKERS:-} && -d $KAFKA_DIR ]] || fail "tools/kafka start printed no KAFKA_BROKERS/KAFKA_DIR"
echo "KAFKA_BROKERS=$KAFKA_BROKERS KAFKA_DIR=$KAFKA_DIR"
"$kafka" status --dir "$KAFKA_DIR" >/dev/null || fail "status says the broker is not running"

step "create topic '$topic' with 3 partitions (TopicCommand)"
"$kafka" topics --dir "$KAFKA_DIR" --create --topic "$topic" --partitions 3 --replication-factor 1
partitions=$(kcat -L -b "$KAFKA_BROKERS" -t "$topic" | grep -c 'partition [0-9]')
((partitions == 3)) || fail "expected 3 partitions, metadata shows $partitions"

step "produce $count keyed messages"
seq 1 "$count" | awk '{ printf "key-%d:value-%d\n", $1, $1 }' | kcat -P -b "$KAFKA_BROKERS" -t "$topic" -K:

step "consume them in group '$group'"
out=$(group_consume)
got=$(wc -l <<<"$out")
((got == count)) || fail "consumed $got messages, expected $count"
keys=$(awk '{ print $2 }' <<<"$out" | sort -u | wc -l)
((keys == count)) || fail "consumed $keys distinct keys, expected $count"
used=$(awk '{ print $1 }' <<<"$out" | sort -u | wc -l)
((used == 3)) || fail "keys landed in $used partitions, expected 3"

step "check the committed offsets"
read -r sum lag n <<<"$(committed)"
[[ ${sum:-} == "$count" && ${lag:-} == 0 && ${n:-} == 3 ]] ||
  fail "committed offsets: sum=${sum:-?} lag=${lag:-?} partitions=${n:-?}, expected $count, 0, 3"
again=$(group_consume | grep -c . || true)
((again == 0)) || fail "group re-consumed $again messages after committing"

step "restart the broker (same data, same port)"
before=$KAFKA_BROKERS
eval "$("$kafka" restart --dir "$KAFKA_DIR")"
[[ $KAFKA_BROKERS == "$before" ]] || fail "restart moved the broker from $before to $KAFKA_BROKERS"

step "check data and offsets survived"
all=$(kcat -C -b "$KAFKA_BROKERS" -t "$topic" -o beginning -e -q | wc -l)
((all == count)) || fail "after restart the topic holds $all messages, expected $count"
read -r sum lag n <<<"$(committed)"
[[ ${sum:-} == "$count" && ${lag:-} == 0 ]] || fail "after restart: committed sum=${sum:-?} lag=${lag:-?}"
seq 1 10 | awk '{ printf "late-%d:after-restart\n", $1 }' | kcat -P -b "$KAFKA_BROKERS" -t "$topic" -K:
late=$(group_consume | grep -c . || true)
((late == 10)) || fail "group resumed with $late messages, expected the 10 produced after the restart"

step "stop"
"$kafka" stop --dir "$KAFKA_DIR"
if "$kafka" status --dir "$KAFKA_DIR" >/dev/null 2>&1; then fail "broker still running after stop"; fi
step "ok"
