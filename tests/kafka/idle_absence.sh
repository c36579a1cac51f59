#!/usr/bin/env bash
# Idle topic (docs/kafka.md, "Event time"): a sequence whose last step is absent fires when its
# span closes. With nothing more arriving, event time only moves with the wall clock: the source
# must keep handing idle (empty) batches to the pipeline, so the alert comes while the engine runs,
# not at shutdown and not only when the next event arrives.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_broker
create_topic events 3
create_topic alerts 1
cat >"$work/absence.sigil" <<'SIGIL'
rule kafka_prompt_without_response {
  title "A prompt the model never answered"
  severity low
  atlas AML.T0029
  sequence by session.id within 2s {
    asked: prompt where prompt.text contains "idle topic probe"
    !answered: model_response where response.text != null
  }
}
SIGIL
printf '%s\n' \
  '{"schema_version":"1","kind":"prompt","time":"2026-11-25T10:00:00Z","event":{"id":"i1"},"session":{"id":"s-idle"},"user":{"id":"u"},"prompt":{"text":"idle topic probe","source":"user"}}' \
  >"$work/events.jsonl"

start_engine a --rules "$work/absence.sigil" --topic events --group idle --alerts-topic alerts \
  --threads 2 --lateness 1s
wait_until 60 "engine a assigned" grep -qs 'assigned events' "$work/a.log"

step "one prompt, then nothing: the absence span closes with the wall clock"
"$engine" produce -q --brokers "$KAFKA_BROKERS" --topic events "$work/events.jsonl"
has_alert() { (($(count_topic alerts) >= 1)); }
wait_until 60 "the absence alert while the topic is idle" has_alert
kill -0 "$a_pid" || fail "engine a is gone"

step "exactly one alert, for the prompt"
dump_topic alerts >"$work/alerts.dump"
check one-alert "$work/alerts.dump" kafka_prompt_without_response i1
stop_engine "$a_pid" 30 || fail "engine a exited non-zero"
step "PASS"
