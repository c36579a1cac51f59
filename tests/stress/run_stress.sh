#!/usr/bin/env bash
# Stress run of `sigil run` (not part of ctest): about a million events (examples/telemetry.jsonl
# concatenated COPIES times) through generated rules, with 1 and 2 threads.
#   1. Identity: the alerts of every thread count are the same: the exact output minus
#      "detected_at", and the sorted alert_id lists (sha256 of each compared). Exit 1 if not.
#   2. Throughput: events/s (median of RUNS, from sigil's own summary, which excludes loading
#      and compiling the rules), alerts/s, peak RSS (/usr/bin/time -f %M), for each rule set.
# Prints figures; never fails on a number.
#
# Usage: tests/stress/run_stress.sh            (from anywhere; uses build-perf/sigil)
# Environment: SIGIL=path/to/sigil  COPIES=306  RUNS=3  THREADS="1 2"
#   SETS="none small gen100 gen200 gen1000 rare200 rare1000"   rule sets for the throughput table
#   (none: no rules; small: tests/cli/data/plan_small.sigil; genN: bench/gen/gen-rules N;
#    rareN: bench/gen/gen-rules N --rare). The identity check always uses gen200.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
sigil=${SIGIL:-$root/build-perf/sigil}
copies=${COPIES:-306}
runs=${RUNS:-3}
threads_list=${THREADS:-"1 2"}
sets=${SETS:-"none small gen100 gen200 gen1000 rare200 rare1000"}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigil-stress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
events=$tmp/events.jsonl
for _ in $(seq "$copies"); do cat examples/telemetry.jsonl; done > "$events"
echo "input: $(wc -l < "$events") events, $(du -m "$events" | cut -f1) MB ($copies x examples/telemetry.jsonl)"
echo "sigil: $sigil ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- engine dsl || echo ', with uncommitted changes in engine/ dsl/'))"

rules_args() {  # rule set name -> --rules arguments
  case $1 in
    none) ;;
    small) echo "--rules tests/cli/data/plan_small.sigil" ;;
    gen*) python3 bench/gen/gen-rules "${1#gen}" > "$tmp/$1.sigil"; echo "--rules $tmp/$1.sigil" ;;
    rare*) python3 bench/gen/gen-rules "${1#rare}" --rare > "$tmp/$1.sigil"; echo "--rules $tmp/$1.sigil" ;;
    *) echo "unknown rule set $1" >&2; exit 2 ;;
  esac
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# 1. Identity across thread counts.
echo
echo "== identity: gen200, threads $threads_list"
args=$(rules_args gen200)
reference=""
for t in $threads_list; do
  # shellcheck disable=SC2086
  "$sigil" run $args --input "$events" --threads "$t" --quiet --output "$tmp/alerts.$t.jsonl"
  exact=$(sed -E 's/"detected_at":"[^"]*",?//' "$tmp/alerts.$t.jsonl" | sha256sum | cut -c1-16)
  ids=$(grep -o '"alert_id":"[0-9a-f]*"' "$tmp/alerts.$t.jsonl" | sort | sha256sum | cut -c1-16)
  count=$(wc -l < "$tmp/alerts.$t.jsonl")
  echo "threads $t: $count alerts; sha256 of output minus detected_at $exact; of sorted alert_ids $ids"
  rm -f "$tmp/alerts.$t.jsonl"
  if [ -z "$reference" ]; then reference="$count $exact $ids"
  elif [ "$reference" != "$count $exact $ids" ]; then echo "MISMATCH across thread counts"; exit 1; fi
done
echo "identical across thread counts"

# 2. Throughput.
echo
echo "== throughput (median of $runs; peak RSS is the largest of the runs)"
printf '%-10s %-8s %12s %12s %14s %12s\n' "rules" "threads" "events/s" "alerts" "alerts/s" "peak RSS MB"
for set in $sets; do
  args=$(rules_args "$set")
  for t in $threads_list; do
    rates=() rss=0 alerts=0 alert_rates=()
    for _ in $(seq "$runs"); do
      # shellcheck disable=SC2086
      /usr/bin/time -f %M -o "$tmp/time" "$sigil" run $args --input "$events" --threads "$t" --output /dev/null \
        2> "$tmp/summary"
      rate=$(sed -nE 's/.* records in ([0-9.]+) s \(([0-9]+) events\/s.*/\2/p' "$tmp/summary")
      secs=$(sed -nE 's/.* records in ([0-9.]+) s .*/\1/p' "$tmp/summary")
      alerts=$(sed -nE 's/^  alerts +([0-9]+)$/\1/p' "$tmp/summary" | head -1)
      alerts=${alerts:-0}
      rates+=("$rate")
      alert_rates+=("$(awk -v a="$alerts" -v s="$secs" 'BEGIN { printf "%.0f", a / s }')")
      m=$(tail -1 "$tmp/time")
      [ "$m" -gt "$rss" ] && rss=$m
    done
    printf '%-10s %-8s %12s %12s %14s %12s\n' "$set" "$t" "$(printf '%s\n' "${rates[@]}" | median)" "$alerts" \
      "$(printf '%s\n' "${alert_rates[@]}" | median)" "$((rss / 1024))"
    echo "           runs: ${rates[*]}" >&2
  done
done
