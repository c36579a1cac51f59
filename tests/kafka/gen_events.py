#!/usr/bin/env python3
"""Writes N events built from examples/telemetry.jsonl for the Kafka tests: copy k of each line
gets event.id "<id>-k" (or "line<n>-k" when the line has none) and session.id "<session>-k", so
every event has an explicit, unique event.id (alert ids are then the same as in file mode) and
sessions do not repeat across copies. Lines that are not JSON objects are skipped.
Usage: gen_events.py N OUT [--bad FILE] (--bad appends FILE's lines, unchanged, after the events)."""
import json, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    repo = __file__.rsplit('/tests/kafka/', 1)[0]
    base = []
    for i, line in enumerate(open(f'{repo}/examples/telemetry.jsonl', encoding='utf-8')):
        line = line.strip()
        if not line:
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if isinstance(ev, dict):
            base.append((i, ev))
    with open(out, 'w', encoding='utf-8') as f:
        written, k = 0, 0
        while written < n:
            for i, ev in base:
                if written == n:
                    break
                e = dict(ev)
                if 'event.id' in ev:  # the dotted spelling of event.id
                    e['event.id'] = f"{ev['event.id']}-{k}"
                else:
                    eid = (ev.get('event') or {}).get('id') or f'line{i}'
                    e['event'] = dict(ev.get('event') or {}, id=f'{eid}-{k}')
                if isinstance(ev.get('session.id'), str):
                    e['session.id'] = f"{ev['session.id']}-{k}"
                elif isinstance(ev.get('session'), dict) and 'id' in ev['session']:
                    e['session'] = dict(ev['session'], id=f"{ev['session']['id']}-{k}")
                f.write(json.dumps(e, separators=(',', ':'), ensure_ascii=False) + '\n')
                written += 1
            k += 1
        if '--bad' in sys.argv:
            with open(sys.argv[sys.argv.index('--bad') + 1], 'rb') as bad:
                f.flush()
                with open(out, 'ab') as fb:
                    fb.write(bad.read())

main()
