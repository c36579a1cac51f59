# Shared by the Kafka end-to-end tests (sourced). Starts nothing by itself: a test calls
# start_broker, which also installs the trap that stops the broker and every engine on exit.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/tests/kafka
kafka=$repo/tools/kafka
export SIGIL_BUILD_DIR=${SIGIL_BUILD_DIR:-$repo/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-kafka-test.XXXXXX")

step() { printf '== [%3ds] %s\n' "$SECONDS" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The engine, in Kafka mode.
engine=$SIGIL_BUILD_DIR/sigil
[[ -x $engine ]] || fail "no engine binary ($engine): build the sigil target"
sigil_file=$SIGIL_BUILD_DIR/sigil   # file mode, for the expected alerts
[[ -x $sigil_file ]] || fail "no $sigil_file: build the sigil target"

KAFKA_DIR=
engine_pids=()
cleanup() {
  local rc=$?
  for pid in "${engine_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [[ -n $KAFKA_DIR ]]; then
    if ((rc == 0)); then
      "$kafka" stop --dir "$KAFKA_DIR" --clean || true
    else
      "$kafka" stop --dir "$KAFKA_DIR" || true
      echo "broker run dir kept: $KAFKA_DIR; test files kept: $work" >&2
    fi
  fi
  ((rc != 0)) || rm -rf "$work"
}
trap cleanup EXIT

start_broker() {
  step "start a broker"
  eval "$("$kafka" start "$@")"
  export KAFKA_BROKERS KAFKA_DIR
  echo "KAFKA_BROKERS=$KAFKA_BROKERS KAFKA_DIR=$KAFKA_DIR"
}

# create_topic NAME PARTITIONS [--config k=v ...]
create_topic() {
  local name=$1 partitions=$2
  shift 2
  "$kafka" topics --dir "$KAFKA_DIR" --create --topic "$name" --partitions "$partitions" --replication-factor 1 "$@" >/dev/null
}

# Every message of a topic as kcat JSON envelopes, one per line (headers, key, payload, ts).
dump_topic() { kcat -b "$KAFKA_BROKERS" -C -t "$1" -o beginning -e -q -J -X fetch.message.max.bytes=20000000; }
count_topic() { kcat -b "$KAFKA_BROKERS" -C -t "$1" -o beginning -e -q -f '%o\n' | wc -l; }

# start_engine NAME ARGS...: runs the engine in the background; its stderr goes to $work/NAME.log.
start_engine() {
  local name=$1
  shift
  "$engine" run --brokers "$KAFKA_BROKERS" -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 \
    --stats-interval "${SIGIL_KAFKA_STATS_INTERVAL:-2}" --stats-json "$work/$name.stats.json" "$@" 2>"$work/$name.log" &
  engine_pids+=($!)
  eval "${name}_pid=$!"
  echo "engine $name: pid $!"
}

# stop_engine PID SECONDS: SIGTERM, and the exit code must come within SECONDS; prints it.
stop_engine() {
  local pid=$1 bound=$2 rc=0 t0=$SECONDS
  kill -TERM "$pid"
  for ((i = 0; i < bound * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && fail "engine $pid still running ${bound}s after SIGTERM"
  wait "$pid" || rc=$?
  echo "engine $pid exited $rc after $((SECONDS - t0))s" >&2
  return "$rc"
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every second.
wait_until() {
  local bound=$1 what=$2
  shift 2
  for ((i = 0; i < bound; i++)); do
    if "$@"; then return 0; fi
    sleep 1
  done
  fail "timed out after ${bound}s waiting for: $what"
}

# Total lag of GROUP on TOPIC as seen by the broker (committed offsets), or "?" when unknown.
group_lag() {
  "$kafka" groups --dir "$KAFKA_DIR" --describe --group "$1" 2>/dev/null |
    awk -v t="$2" '$2 == t { if ($6 == "-") unknown = 1; lag += $6; n++ } END { if (!n || unknown) print "?"; else print lag }'
}
lag_is_zero() { [[ $(group_lag "$1" "$2") == 0 ]]; }

# Expected alerts and dead letters: the file mode over the same events.
file_mode() {  # file_mode EVENTS ALERTS_OUT DEAD_LETTERS_OUT
  "$sigil_file" run -q --rules "$here/data/rules.sigil" --input "$1" --output "$2" --dead-letter "$3"
}

check() { python3 "$here/kafka_check.py" "$@"; }
