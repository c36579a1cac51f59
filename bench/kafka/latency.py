#!/usr/bin/env python3
"""produce->alert latency from two kcat -J dumps (the events topic, the alerts topic): each alert's
broker timestamp minus that of the event message its first evidence names. Prints key=value lines
for tools/bench: PREFIX_rate, PREFIX_alerts, PREFIX_p50_ms, PREFIX_p99_ms, PREFIX_p999_ms, PREFIX_max_ms.
Usage: latency.py EVENTS_DUMP ALERTS_DUMP PREFIX RATE   (same matching as tests/kafka/kafka_check.py)"""
import json
import sys


def envelopes(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    events, alerts, prefix, rate = sys.argv[1:5]
    ts = {(e["topic"], e["partition"], e["offset"]): e["ts"] for e in envelopes(events)}
    lat = []
    for env in envelopes(alerts):
        src = json.loads(env["payload"])["evidence"][0]["source"]
        t = ts.get((src["topic"], src["partition"], src["offset"]))
        if t is not None:
            lat.append(env["ts"] - t)
    lat.sort()
    print(f"{prefix}_rate={rate}")
    print(f"{prefix}_alerts={len(lat)}")
    if lat:
        for name, p in (("p50", 50), ("p99", 99), ("p999", 99.9)):
            print(f"{prefix}_{name}_ms={percentile(lat, p)}")
        print(f"{prefix}_max_ms={lat[-1]}")


if __name__ == "__main__":
    main()
