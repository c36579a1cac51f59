#!/usr/bin/env bash
# Kafka over SASL and TLS (docs/kafka-security.md): a broker started with `tools/kafka start --sasl
# --tls` (listeners SASL_PLAINTEXT, SSL and SASL_SSL beside the plaintext one), and the real sigil
# commands configured through -X / --config only:
#   1. sigil produce and sigil run over SASL_PLAINTEXT (SASL/PLAIN, the password literally on -X):
#      the alerts arrive on the alerts topic, SIGTERM exits 0;
#   2. more events over SASL_SSL from a --config file whose password is env:NAME, then sigil run
#      over SSL with ssl.ca.location: the alerts of all events, exactly once;
#   3. a wrong password (produce, run with stateless and with stateful rules), and a CA that does
#      not sign the broker's certificate: exit non-zero within a bounded time, one readable
#      "authentication failed" line, no hang;
#   4. SCRAM-SHA-256: works with librdkafka >= 2.6.1 (or a 3.x broker); with Debian 12's 2.0.2
#      against Kafka 4.x the broker refuses it (librdkafka#4895) and sigil must say so;
#   5. the password never appears in anything sigil prints, nor on the engine's command line when
#      it comes from --config with env:NAME.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v keytool >/dev/null || { echo "SKIP: no keytool (Java) for the TLS listener"; exit 77; }
start_broker --sasl --tls
[[ -n ${KAFKA_SASL_BROKERS:-} && -n ${KAFKA_TLS_BROKERS:-} && -n ${KAFKA_SASL_SSL_BROKERS:-} ]] ||
  fail "tools/kafka start --sasl --tls printed no KAFKA_SASL_*/KAFKA_TLS_* lines"
echo "SASL_PLAINTEXT $KAFKA_SASL_BROKERS, SSL $KAFKA_TLS_BROKERS, SASL_SSL $KAFKA_SASL_SSL_BROKERS, user $KAFKA_SASL_USERNAME"
password=$KAFKA_SASL_PASSWORD
export SIGIL_TEST_SASL_PASSWORD=$password
create_topic events 3
create_topic alerts 3
create_topic dead 1

sasl=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=PLAIN -X "sasl.username=$KAFKA_SASL_USERNAME")
# Every command sigil runs here: stdout and stderr kept for the secret check at the end.
n_out=0
next_out() { n_out=$((n_out + 1)); out=$work/out.$n_out; }

# expect_refused SECONDS NAME ARGS...: sigil must exit non-zero within SECONDS (a generous bound:
# it stops at the first refusal, about a second) with one "authentication failed" line.
expect_refused() {
  local bound=$1 name=$2 rc=0 t0=$SECONDS
  shift 2
  next_out
  timeout -s KILL "$bound" "$engine" "$@" >"$out" 2>&1 || rc=$?
  sed 's/^/    /' "$out"
  ((rc != 137)) || fail "$name: still running after ${bound}s (killed): it should stop on an authentication failure"
  ((rc != 0)) || fail "$name: exit 0 although the broker refused the credentials"
  grep -q 'authentication failed, not retrying' "$out" || fail "$name: no 'authentication failed' line"
  echo "$name: exit $rc after $((SECONDS - t0))s"
}

step "events and the expected alerts (file mode)"
python3 "$here/gen_events.py" 2000 "$work/events.jsonl"
head -n 1000 "$work/events.jsonl" >"$work/first.jsonl"
tail -n +1001 "$work/events.jsonl" >"$work/second.jsonl"
file_mode "$work/events.jsonl" "$work/expected.alerts.jsonl" "$work/expected.dead.jsonl"
file_mode "$work/first.jsonl" "$work/expected1.alerts.jsonl" "$work/expected1.dead.jsonl"
n1=$(wc -l <"$work/expected1.alerts.jsonl")
n_alerts=$(wc -l <"$work/expected.alerts.jsonl")
((n1 > 0 && n_alerts > n1)) || fail "both halves should give alerts ($n1, $n_alerts)"

step "1. SASL_PLAINTEXT, -X only: sigil produce, sigil run, alerts on the alerts topic"
next_out
"$engine" produce --brokers "$KAFKA_SASL_BROKERS" --topic events "${sasl[@]}" -X "sasl.password=$password" \
  "$work/first.jsonl" >"$out" 2>&1 || { cat "$out"; fail "produce over SASL_PLAINTEXT"; }
cat "$out"
next_out
"$engine" run --rules "$here/data/rules.sigil" --topic events --group sasl --alerts-topic alerts \
  --dead-letter-topic dead --threads 2 --stats-interval 2 --stats-json "$work/e1.stats.json" \
  --brokers "$KAFKA_SASL_BROKERS" "${sasl[@]}" -X "sasl.password=$password" \
  -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 >"$out" 2>"$work/e1.log" &
e1_pid=$!
engine_pids+=("$e1_pid")
# Read back over SASL too (kcat with the client properties tools/kafka wrote).
count_sasl() { kcat -F "$KAFKA_SASL_CONFIG" -C -t "$1" -o beginning -e -q -f '%o\n' 2>/dev/null | wc -l; }
first_alerts_over_sasl() { (($(count_sasl alerts) >= n1)); }
wait_until 120 "$n1 alerts on 'alerts' (read over SASL)" first_alerts_over_sasl
wait_until 60 "committed offsets at the end of 'events'" lag_is_zero sasl events
stop_engine "$e1_pid" 30 || { cat "$work/e1.log"; fail "engine over SASL_PLAINTEXT exited non-zero"; }
grep -q 'sigil: kafka: consumed' "$work/e1.log" || fail "no stats line from the engine over SASL"

step "2. SASL_SSL from --config with env:NAME, then sigil run over SSL"
(umask 077 && cat >"$work/sasl_ssl.properties" <<EOF
# sigil --config: the password comes from the environment, never from this file or the command line
bootstrap.servers=$KAFKA_SASL_SSL_BROKERS
security.protocol=SASL_SSL
ssl.ca.location=$KAFKA_TLS_CA
sasl.mechanism=PLAIN
sasl.username=$KAFKA_SASL_USERNAME
sasl.password=env:SIGIL_TEST_SASL_PASSWORD
EOF
)
next_out
"$engine" produce --config "$work/sasl_ssl.properties" --topic events "$work/second.jsonl" >"$out" 2>&1 ||
  { cat "$out"; fail "produce over SASL_SSL"; }
cat "$out"
next_out
"$engine" run --rules "$here/data/rules.sigil" --topic events --group sasl --alerts-topic alerts \
  --dead-letter-topic dead --threads 2 --stats-interval 2 --brokers "$KAFKA_TLS_BROKERS" \
  -X security.protocol=SSL -X "ssl.ca.location=$KAFKA_TLS_CA" \
  -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 >"$out" 2>"$work/e2.log" &
e2_pid=$!
engine_pids+=("$e2_pid")
wait_until 120 "committed offsets at the end of 'events'" lag_is_zero sasl events
wait_until 60 "$n_alerts alerts on 'alerts'" bash -c "(( \$(kcat -b $KAFKA_BROKERS -C -t alerts -o beginning -e -q -f '%o\n' | wc -l) >= $n_alerts ))"
stop_engine "$e2_pid" 30 || { cat "$work/e2.log"; fail "engine over SSL exited non-zero"; }
dump_topic alerts >"$work/alerts.dump"
check alerts "$work/expected.alerts.jsonl" "$work/alerts.dump" --exact

step "the password is not on the command line of an engine configured with --config and env:NAME"
next_out
"$engine" run --rules "$here/data/rules.sigil" --topic events --group sasl --alerts-topic alerts --threads 2 \
  --config "$work/sasl_ssl.properties" --stats-interval 0 >"$out" 2>"$work/e3.log" &
e3_pid=$!
engine_pids+=("$e3_pid")
sleep 2
[[ -r /proc/$e3_pid/cmdline ]] || { cat "$work/e3.log"; fail "the engine over SASL_SSL did not stay up"; }
tr '\0' ' ' <"/proc/$e3_pid/cmdline" >"$work/e3.cmdline"
grep -qF -- "$password" "$work/e3.cmdline" && fail "password in /proc/PID/cmdline"
stop_engine "$e3_pid" 30 || { cat "$work/e3.log"; fail "engine over SASL_SSL exited non-zero"; }

step "3. wrong credentials: a readable error, a non-zero exit, no hang"
wrong="wrong-$RANDOM-not-the-password"
expect_refused 90 "produce, wrong password" produce --brokers "$KAFKA_SASL_BROKERS" --topic events "${sasl[@]}" \
  -X "sasl.password=$wrong" "$work/first.jsonl"
expect_refused 90 "run, wrong password" run --rules "$here/data/rules.sigil" --topic events --group sasl \
  --alerts-topic alerts --brokers "$KAFKA_SASL_BROKERS" "${sasl[@]}" -X "sasl.password=$wrong" --threads 2
# The shipped rule pack is stateful: the state topic is created first (another client, same answer).
expect_refused 90 "run, stateful rules, wrong password" run --rules "$repo/rules" --topic events --group sasl \
  --alerts-topic alerts --brokers "$KAFKA_SASL_BROKERS" "${sasl[@]}" -X "sasl.password=$wrong" --threads 2
expect_refused 90 "produce, unknown user" produce --brokers "$KAFKA_SASL_BROKERS" --topic events \
  -X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=PLAIN -X sasl.username=nobody -X "sasl.password=$password" \
  "$work/first.jsonl"
# A CA that did not sign the broker's certificate: a fresh self-signed one.
keytool -genkeypair -alias other -keyalg RSA -keysize 2048 -validity 2 -dname CN=other -keystore "$work/other.p12" \
  -storetype PKCS12 -storepass changeit -keypass changeit >/dev/null 2>&1
keytool -exportcert -rfc -alias other -keystore "$work/other.p12" -storepass changeit -file "$work/other-ca.pem" >/dev/null 2>&1
expect_refused 90 "produce over SSL, wrong CA" produce --brokers "$KAFKA_TLS_BROKERS" --topic events \
  -X security.protocol=SSL -X "ssl.ca.location=$work/other-ca.pem" "$work/first.jsonl"
grep -q 'certificate verify failed' "$out" || fail "the TLS failure does not say the certificate did not verify"
[[ $(count_topic events) == 2000 ]] || fail "refused producers wrote something: $(count_topic events) events"

step "4. SCRAM-SHA-256"
rdkafka=$("$engine" version | sed -n 's/^ *librdkafka //p')
broker_version=$(sed -n 's/^version=//p' "$SIGIL_BUILD_DIR/kafka/lib/.sigil-kafka-stamp")
echo "librdkafka $rdkafka, Kafka $broker_version"
scram=("${sasl[@]/sasl.mechanism=PLAIN/sasl.mechanism=SCRAM-SHA-256}")
if [[ $broker_version == 3.* ]] || printf '2.6.1\n%s\n' "$rdkafka" | sort -V -C; then
  next_out
  "$engine" produce --brokers "$KAFKA_SASL_BROKERS" --topic scram "${scram[@]}" -X sasl.password=env:SIGIL_TEST_SASL_PASSWORD \
    "$work/first.jsonl" >"$out" 2>&1 || { cat "$out"; fail "produce over SCRAM-SHA-256"; }
  [[ $(count_topic scram) == 1000 ]] || fail "SCRAM produce: $(count_topic scram) messages"
else
  echo "librdkafka $rdkafka < 2.6.1 and Kafka $broker_version: the broker refuses SCRAM (librdkafka#4895)"
  expect_refused 90 "produce, SCRAM-SHA-256 with librdkafka $rdkafka" produce --brokers "$KAFKA_SASL_BROKERS" \
    --topic scram "${scram[@]}" -X sasl.password=env:SIGIL_TEST_SASL_PASSWORD "$work/first.jsonl"
fi

step "5. the password in nothing sigil printed"
next_out
"$engine" run --help -X "sasl.password=$password" >"$out" 2>&1 || true
next_out
"$engine" produce --help >"$out" 2>&1 || true
# A malformed secret property: the error must not echo it.
next_out
"$engine" produce --brokers "$KAFKA_SASL_BROKERS" --topic events -X "sasl.password:$password" "$work/first.jsonl" \
  >"$out" 2>&1 && fail "a malformed -X was accepted"
grep -q 'expected key=value' "$out" || fail "no error for a malformed -X: $(cat "$out")"
# A bad value for a secret property: librdkafka's message (which may quote the value) is not shown.
next_out
timeout -s KILL 60 "$engine" produce --brokers "$KAFKA_TLS_BROKERS" --topic events -X security.protocol=SSL \
  -X "ssl.key.password=$password" -X "ssl.key.pem=$password" "$work/first.jsonl" >"$out" 2>&1 &&
  fail "a bad ssl.key.pem was accepted"
grep -q 'cannot create the Kafka producer' "$out" || fail "no error for a bad ssl.key.pem: $(cat "$out")"
leaks=$(grep -lF -- "$password" "$work"/out.* "$work"/e*.log "$work"/e*.stats.json 2>/dev/null || true)
[[ -z $leaks ]] || { grep -F -- "$password" $leaks; fail "the password appears in: $leaks"; }
echo "checked $n_out outputs and the engine logs: no password"
step "PASS"
