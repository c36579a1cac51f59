#!/usr/bin/env python3
"""Checks for the Kafka end-to-end tests. Topic dumps are kcat -J output (one JSON envelope per
line: topic, partition, offset, ts, headers [k, v, ...], key, payload).

  kafka_check.py alerts EXPECTED.jsonl DUMP [--exact]   alert ids: exactly (no duplicate) or at
                                                         least once (duplicates allowed); headers
  kafka_check.py dead-letters EXPECTED.jsonl DUMP        count, reasons, headers, original bytes
  kafka_check.py latency INPUT_DUMP ALERTS_DUMP          produce->alert latency p50/p99 (ms)
  kafka_check.py stat STATS.json KEY                     one counter of --stats-json
  kafka_check.py one-alert DUMP RULE ID...               exactly one alert, of RULE, whose evidence
                                                         is the events ID... in that order
"""
import collections, json, sys


def envelopes(path):
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def headers(env):
    h = env.get('headers') or []
    return {h[i]: h[i + 1] for i in range(0, len(h), 2)}


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def alerts(expected_path, dump_path, exact):
    expected = collections.Counter(json.loads(l)['alert_id'] for l in open(expected_path, encoding='utf-8') if l.strip())
    got = collections.Counter()
    for env in envelopes(dump_path):
        a = json.loads(env['payload'])
        h = headers(env)
        got[a['alert_id']] += 1
        if h.get('sigil.rule') != a['rule']['id']:
            fail(f"header sigil.rule {h.get('sigil.rule')!r} != rule.id {a['rule']['id']!r}")
        if h.get('sigil.alert_id') != a['alert_id']:
            fail('header sigil.alert_id differs from alert_id')
        if h.get('sigil.atlas') != ','.join(t['id'] for t in a['atlas']):
            fail(f"header sigil.atlas {h.get('sigil.atlas')!r} != {a['atlas']!r}")
        if env.get('key') != (a['session'] or {}).get('id'):
            fail(f"key {env.get('key')!r} != session.id {a['session']!r}")
    missing = set(expected) - set(got)
    extra = set(got) - set(expected)
    dups = sum(n - 1 for n in got.values() if n > 1)
    print(f'alerts: expected {sum(expected.values())} ({len(expected)} ids), got {sum(got.values())} '
          f'({len(got)} ids), missing {len(missing)}, unexpected {len(extra)}, duplicates {dups}')
    if missing:
        fail(f'{len(missing)} expected alerts missing, e.g. {sorted(missing)[:3]}')
    if extra:
        fail(f'{len(extra)} unexpected alerts, e.g. {sorted(extra)[:3]}')
    if exact and got != expected:
        fail('duplicates where exactly-once output was expected')


def dead_letters(expected_path, dump_path, max_value=900000):
    expected = [json.loads(l) for l in open(expected_path, encoding='utf-8') if l.strip()]
    got = list(envelopes(dump_path))
    reasons_e = collections.Counter(d['reason'] for d in expected)
    reasons_g = collections.Counter(headers(e).get('sigil.reason') for e in got)
    print(f'dead letters: expected {len(expected)} {dict(reasons_e)}, got {len(got)} {dict(reasons_g)}')
    if reasons_e != reasons_g:
        fail('dead-letter reasons differ')
    for e in got:
        h = headers(e)
        for k in ('sigil.message', 'sigil.source.topic', 'sigil.source.partition', 'sigil.source.offset',
                  'sigil.original_length'):
            if k not in h:
                fail(f'dead letter without header {k}: {h}')
    # Values are the original bytes, cut to --dead-letter-max-bytes (default 900000).
    originals_e = collections.Counter(d['original'][:max_value] for d in expected
                                      if 'original' in d and not d.get('truncated'))
    originals_g = collections.Counter(e['payload'] for e in got)
    if originals_e - originals_g:
        fail(f'dead-letter values are not the original bytes: {[v[:200] for v in (originals_e - originals_g)][:2]}')
    for e in got:
        h = headers(e)
        if int(h['sigil.original_length']) > max_value and h.get('sigil.truncated') != 'true':
            fail('a cut dead letter without sigil.truncated')


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency(input_dump, alerts_dump):
    ts = {(e['topic'], e['partition'], e['offset']): e['ts'] for e in envelopes(input_dump)}
    lat = []
    for env in envelopes(alerts_dump):
        src = json.loads(env['payload'])['evidence'][0]['source']
        t = ts.get((src['topic'], src['partition'], src['offset']))
        if t is not None:
            lat.append(env['ts'] - t)
    if not lat:
        fail('no alert matched an input message')
    print(f'latency produce->alert over {len(lat)} alerts: p50 {percentile(lat, 50)} ms, '
          f'p99 {percentile(lat, 99)} ms, max {max(lat)} ms')


def stat(path, key):
    try:
        print(json.load(open(path))[key])
    except (OSError, ValueError, KeyError):
        print(-1)


def one_alert(dump_path, rule, ids):
    got = [json.loads(env['payload']) for env in envelopes(dump_path)]
    if len(got) != 1:
        fail(f'{len(got)} alerts, want 1: {got}')
    a = got[0]
    if a['rule']['id'] != rule:
        fail(f'alert of rule {a["rule"]["id"]}, want {rule}')
    evidence = [e.get('event.id') or e.get('event', {}).get('id') for e in a['evidence']]
    if evidence != ids:
        fail(f'evidence {evidence}, want {ids}')
    print('alert', a['alert_id'], 'evidence', evidence)


cmd = sys.argv[1]
if cmd == 'alerts':
    alerts(sys.argv[2], sys.argv[3], '--exact' in sys.argv)
elif cmd == 'dead-letters':
    dead_letters(sys.argv[2], sys.argv[3])
elif cmd == 'latency':
    latency(sys.argv[2], sys.argv[3])
elif cmd == 'one-alert':
    one_alert(sys.argv[2], sys.argv[3], sys.argv[4:])
elif cmd == 'stat':
    stat(sys.argv[2], sys.argv[3])
else:
    fail(f'unknown command {cmd}')
