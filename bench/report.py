#!/usr/bin/env python3
"""Turns the raw measurements of tools/bench into bench/results/<date>-<commit>.json and a readable
Markdown table (.md). Medians of the runs; ratios are computed within this one run.

Usage: bench/report.py META RUNS_TSV KAFKA_TXT OUT.json OUT.md
  META, KAFKA_TXT: key=value lines; RUNS_TSV: scenario, rules, threads, input, records, seconds,
  peak RSS KB, alerts, "state_keys state_MB" (or -), one line per run.
"""
import json
import statistics
import sys


def keyvalues(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            out[k] = v
    return out


def main():
    meta_path, runs_path, kafka_path, json_path, md_path = sys.argv[1:6]
    meta, kafka = keyvalues(meta_path), keyvalues(kafka_path)
    groups = {}
    for line in open(runs_path, encoding="utf-8"):
        sc, rules, threads, inp, records, secs, rss, alerts, state = line.rstrip("\n").split("\t")
        g = groups.setdefault((sc, rules, int(threads)), {"input": inp, "runs": []})
        g["runs"].append({"records": int(records), "seconds": float(secs), "rss_kb": int(rss),
                          "alerts": int(alerts), "state": state})
    rows = []
    for (sc, rules, threads), g in groups.items():
        rates = [r["records"] / r["seconds"] for r in g["runs"]]
        eps = statistics.median(rates)
        last = g["runs"][-1]
        row = {"scenario": sc, "rules": rules, "threads": threads, "input": g["input"], "events": last["records"],
               "runs_events_per_s": [round(x) for x in rates], "events_per_s": round(eps),
               "ns_per_event": round(1e9 / eps), "ns_per_event_per_core": round(1e9 * threads / eps),
               "peak_rss_mb": round(max(r["rss_kb"] for r in g["runs"]) / 1024, 1),
               "alerts": last["alerts"], "alerts_per_event": round(last["alerts"] / max(1, last["records"]), 5)}
        if last["state"] != "-":
            keys, mb, evicted = last["state"].split()
            row["state_keys"], row["state_mb"], row["state_evicted"] = int(keys), float(mb), int(evicted)
        rows.append(row)

    def find(sc, rules, threads=1):
        return next((r for r in rows if r["scenario"] == sc and r["rules"] == rules and r["threads"] == threads), None)

    d, targets = {}, []
    parse = find("parse", "none")
    r100, r1000 = find("stateless", "rare100"), find("stateless", "rare1000")
    sl, full = find("stateless", "shipped-stateless"), find("stateful", "shipped")
    full2, parse2 = find("threads", "shipped", 2), find("threads", "none", 2)
    small, large = find("state-small", "shipped-stateful-only", 2), find("state-large", "shipped-stateful-only", 2)
    if parse:
        targets.append(["parse+normalize, events/s per core", ">= 1,000,000", parse["events_per_s"]])
    if r100 and r1000 and parse:
        d["rules_1000_vs_100_total"] = round(r1000["ns_per_event"] / r100["ns_per_event"], 2)
        e100 = r100["ns_per_event"] - parse["ns_per_event"]
        e1000 = r1000["ns_per_event"] - parse["ns_per_event"]
        d["rules_1000_vs_100_eval_only"] = round(e1000 / e100, 2) if e100 > 0 else None
        targets.append(["1,000 rules vs 100 rules, cost per event (total; rule evaluation only)", "< 3x",
                        f'{d["rules_1000_vs_100_total"]}x; ' + (f'{d["rules_1000_vs_100_eval_only"]}x' if d["rules_1000_vs_100_eval_only"] else "n/a (100 rules measured no slower than no rules: noise)")])
    if sl and full:
        d["stateful_cost_ratio"] = round(full["ns_per_event"] / sl["ns_per_event"], 2)
        d["stateful_cost_ns_per_event"] = full["ns_per_event"] - sl["ns_per_event"]
    if full:
        targets.append(["parse+stateless+state (shipped pack), events/s, 1 thread", ">= 500,000", full["events_per_s"]])
    if full2:
        targets.append(["parse+stateless+state (shipped pack), events/s, 2 threads", ">= 900,000", full2["events_per_s"]])
    if parse and parse2:
        d["scaling_none_2_vs_1"] = round(parse2["events_per_s"] / parse["events_per_s"], 2)
    if full and full2:
        d["scaling_shipped_2_vs_1"] = round(full2["events_per_s"] / full["events_per_s"], 2)
    if small and large:
        s_small, s_large = (int(x) for x in meta["state_sessions"].split())
        per = (large["peak_rss_mb"] - small["peak_rss_mb"]) * 1024 * 1024 / (s_large - s_small)
        d["state_bytes_per_session_rss"] = round(per)
        if "state_mb" in large and "state_mb" in small:
            d["state_bytes_per_session_engine"] = round((large["state_mb"] - small["state_mb"]) * 1e6 / (s_large - s_small))
        d["rss_at_1M_sessions_mb"] = round(small["peak_rss_mb"] + per * (1_000_000 - s_small) / 1024 / 1024)
        targets.append(["state per active session (RSS difference)", "<= 1 KB", f"{per:.0f} B"])
        targets.append(["peak RSS with 1M sessions" + ("" if s_large == 1_000_000 else " (extrapolated)"), "< 2 GB",
                        f'{d["rss_at_1M_sessions_mb"]} MB'])
    if "kafka_max" in kafka:
        targets.append(["Kafka end to end, events/s", ">= 200,000", int(kafka["kafka_max"])])
    if "kafka_p50_p99_ms" in kafka:
        targets.append(["Kafka p99 produce->alert at 50% of max", "<= 50 ms", f'{kafka["kafka_p50_p99_ms"]} ms'])

    result = {"meta": meta, "scenarios": rows, "derived": d, "kafka": kafka,
              "targets": [{"what": t[0], "target": t[1], "measured": t[2]} for t in targets]}
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")

    md = [f'Commit {meta["commit"]}{" (engine/dsl/rules modified)" if meta.get("dirty") == "true" else ""}, '
          f'{meta["date"]}, {meta["nproc"]} CPUs ({meta["cpu"]}), {"--quick" if meta["quick"] == "1" else "full"} run, '
          f'median of {meta["runs"]} run(s) (1 for state-*)', "",
          f'Load: start `{meta["uptime_start"].strip()}`; end `{meta.get("uptime_end", "").strip()}`', "",
          "| scenario | rules | threads | events | events/s | ns/event/core | peak RSS MB | alerts/event | state |",
          "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        state = f'{r["state_keys"]:,} keys, {r["state_mb"]} MB, {r["state_evicted"]} evicted' if "state_keys" in r else ""
        md.append(f'| {r["scenario"]} | {r["rules"]} | {r["threads"]} | {r["events"]:,} | {r["events_per_s"]:,} | '
                  f'{r["ns_per_event_per_core"]:,} | {r["peak_rss_mb"]} | {r["alerts_per_event"]} | {state} |')
    md += [f"FAILED: {k[7:]}: {v}" for k, v in meta.items() if k.startswith("failed_")]
    md += ["", "Derived (same run): " + ", ".join(f"{k} = {v}" for k, v in d.items()), ""]
    if kafka:
        md.append("Kafka: " + ", ".join(f"{k} = {v}" for k, v in kafka.items() if k != "kafka_uptime"))
        md.append("")
    md += ["| target | wanted | measured |", "|---|---|---|"]
    md += [f"| {t[0]} | {t[1]} | {f'{t[2]:,}' if isinstance(t[2], int) else t[2]} |" for t in targets]
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
