#!/usr/bin/env python3
"""produce->alert latency: each alert's timestamp (alert topic: LogAppendTime) minus that of the
event message its first evidence names (event topic: CreateTime). Alerts whose event was produced
in the first WARMUP seconds of the run are left out (connections, first fetch) and counted.
Prints key=value lines for tools/bench: PREFIX_rate, PREFIX_produced_rate, PREFIX_alerts,
PREFIX_warmup_alerts, PREFIX_p50_ms, PREFIX_p99_ms, PREFIX_p999_ms, PREFIX_max_ms, and the two
parts: PREFIX_in_p50_ms/_in_p99_ms (event produced -> alert rendered, the alert's detected_at) and
PREFIX_out_p50_ms/_out_p99_ms (rendered -> appended to the alert topic).
Usage: latency.py EVENT_TIMESTAMPS ALERTS_DUMP PREFIX RATE PRODUCED_RATE [WARMUP_S]
  EVENT_TIMESTAMPS: kcat -f '%t %p %o %T\\n' lines; ALERTS_DUMP: kcat -J envelopes."""
import calendar
import json
import sys


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def epoch_ms(iso):
    """'2026-11-26T10:36:19.390543181Z' -> milliseconds since the epoch (float)."""
    seconds, _, fraction = iso.rstrip("Z").partition(".")
    whole = calendar.timegm(tuple(int(x) for x in seconds.replace("T", "-").replace(":", "-").split("-")))
    return whole * 1000 + float("0." + (fraction or "0")) * 1000


def main():
    events, alerts, prefix, rate, produced = sys.argv[1:6]
    warmup_ms = float(sys.argv[6]) * 1000 if len(sys.argv) > 6 else 1000
    ts = {}
    with open(events, encoding="utf-8") as f:
        for line in f:
            topic, partition, offset, t = line.split()
            ts[(topic, int(partition), int(offset))] = int(t)
    start = min(ts.values()) if ts else 0
    lat, inbound, outbound, warm = [], [], [], 0
    with open(alerts, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            env = json.loads(line)
            alert = json.loads(env["payload"])
            src = alert["evidence"][0]["source"]
            t = ts.get((src["topic"], src["partition"], src["offset"]))
            if t is None:
                continue
            if t < start + warmup_ms:
                warm += 1
            else:
                lat.append(env["ts"] - t)
                detected = epoch_ms(alert["detected_at"])
                inbound.append(detected - t)
                outbound.append(env["ts"] - detected)
    lat.sort()
    inbound.sort()
    outbound.sort()
    print(f"{prefix}_rate={rate}")
    print(f"{prefix}_produced_rate={produced}")
    print(f"{prefix}_alerts={len(lat)}")
    print(f"{prefix}_warmup_alerts={warm}")
    if lat:
        for name, p in (("p50", 50), ("p99", 99), ("p999", 99.9)):
            print(f"{prefix}_{name}_ms={percentile(lat, p)}")
        print(f"{prefix}_max_ms={lat[-1]}")
        # Where it went: event produced -> alert rendered (detected_at: producer linger, broker,
        # fetch, batching, evaluation), and alert rendered -> appended (ordered output, alert producer).
        for name, values in (("in", inbound), ("out", outbound)):
            print(f"{prefix}_{name}_p50_ms={percentile(values, 50):.0f}")
            print(f"{prefix}_{name}_p99_ms={percentile(values, 99):.0f}")


if __name__ == "__main__":
    main()
