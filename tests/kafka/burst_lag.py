#!/usr/bin/env python3
"""For tests/kafka/burst.sh. Two commands:
  burst_lag.py sample STATS.json PHASE_FILE STOP_FILE OUT   once a second until STOP_FILE exists:
      one line "SECONDS PHASE CONSUMED LAG" from the engine's --stats-json (lag_total) and the
      phase the test writes to PHASE_FILE
  burst_lag.py coverage EVENTS ALERTS_DUMP                  every message of the events topic
      (kcat '%p %o' lines) is named by the first evidence of at least one alert; prints counts"""
import collections, json, os, sys, time


def sample(stats, phase_file, stop_file, out):
    t0 = time.monotonic()
    with open(out, 'w', encoding='utf-8') as f:
        while not os.path.exists(stop_file):
            try:
                s = json.load(open(stats, encoding='utf-8'))
                consumed, lag = s['consumed'], s['lag_total']
            except (OSError, ValueError, KeyError):
                consumed, lag = -1, -1
            try:
                phase = open(phase_file, encoding='utf-8').read().strip() or '-'
            except OSError:
                phase = '-'
            f.write(f'{time.monotonic() - t0:6.1f} {phase} {consumed} {lag}\n')
            f.flush()
            time.sleep(1)


def coverage(events, alerts):
    produced = set()
    for line in open(events, encoding='utf-8'):
        if line.strip():
            p, o = line.split()
            produced.add((int(p), int(o)))
    seen = collections.Counter()
    for line in open(alerts, encoding='utf-8'):
        if line.strip():
            src = json.loads(json.loads(line)['payload'])['evidence'][0]['source']
            seen[(src['partition'], src['offset'])] += 1
    missing = produced - set(seen)
    extra = set(seen) - produced
    dups = sum(n - 1 for n in seen.values() if n > 1)
    print(f'events produced {len(produced)}, evaluated (alerted) {len(set(seen) & produced)}, missing {len(missing)}, '
          f'unknown {len(extra)}, evaluated more than once {dups}')
    if missing:
        print(f'FAIL: {len(missing)} events never evaluated, e.g. {sorted(missing)[:5]}', file=sys.stderr)
        sys.exit(1)
    if extra:
        print(f'FAIL: alerts name {len(extra)} messages that are not in the topic', file=sys.stderr)
        sys.exit(1)


if sys.argv[1] == 'sample':
    sample(*sys.argv[2:6])
elif sys.argv[1] == 'coverage':
    coverage(*sys.argv[2:4])
else:
    sys.exit(f'unknown command {sys.argv[1]}')
