#!/usr/bin/env python3
"""Session-id explosion: millions of distinct session (and user) ids through the shipped pack's
stateful rules, with a real attack interleaved, under a key cap.

The flood: SESSIONS user prompts, each from its own session and user (10,000 per second of event
time), streamed from this script into `sigil run --input -` (no file on disk). The attack: one
session sends 40 prompts 500 ms apart in the middle of the flood (token_prompt_flood_session: 30
user prompts within a minute; its fixture is rules/token_usage/flooding.tests.json), while about
5,000 flood events pass between two of its prompts. The rules: `bench/gen/strip-stateful
--only-stateful rules`, run with `--max-keys MAX_KEYS` (and `--max-state-memory` when the binary
has it).

Checks: exit 0; the attack's alert is there; the summary counts evictions; the peak RSS of the
process (wait4's ru_maxrss) stays under the bound derived from the cap:
    bound = BASE_MB + touched_rules * MAX_KEYS * KEY_BYTES
where touched_rules is the number of stateful rules a flood prompt enters (it is printed),
KEY_BYTES a generous per-key cost (engine count ~2 KB per session for all rules; see bench/README)
and BASE_MB the loaded rules and buffers.

Usage: session_flood.py path/to/sigil [--sessions N] [--max-keys N]   (from the source root)
Prints: events, wall time, peak RSS, keys, evictions, alerts.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adversarial_common import finish, strict_json_lines  # noqa: E402

T0 = 1795600800  # 2026-11-25T10:00:00Z
RATE = 10000      # flood events per second of event time
ATTACK_RULE = "token_prompt_flood_session"
BASE_MB = 200
KEY_BYTES = 1024


def stamp(us):
    s, frac = divmod(us, 1_000_000)
    t = time.gmtime(T0 + s)
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.{frac:06d}Z"


HEAD = '{"schema_version":"1","kind":"prompt","time":"'
MID = (',"service":{"name":"support-assistant"},"trace":{"id":"f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1"},'
       '"span":{"id":"f1f1f1f1f1f1f1f1"},"prompt":{"text":"What is the price of item 4471?","source":"user"}')


def flood(sessions, out):
    """Writes the flood with the attack interleaved to the binary stream `out`."""
    attack_at = sessions // 2
    attack_every = RATE // 2  # one attack prompt per 500 ms of event time
    step_us = 1_000_000 // RATE
    flood_line = HEAD + '%s.%06dZ","event":{"id":"f%x"},"session":{"id":"s-%x"},"user":{"id":"u-%x"}' + MID + "}\n"
    attack_line = (HEAD + '%s.%06dZ","event":{"id":"attack-%d"},"session":{"id":"sess-attacker"},'
                   '"user":{"id":"mallory"}' + MID + "}\n")
    attack_left = 40
    for start in range(0, sessions, RATE):  # one second of event time per chunk
        second = stamp(start * step_us)[:-8]  # "2026-11-25T10:00:00"
        end = min(sessions, start + RATE)
        lines = [flood_line % (second, (i - start) * step_us, i, i, i) for i in range(start, end)]
        if attack_left and end > attack_at:
            for i in reversed(range(max(start, attack_at), end)):
                if (i - attack_at) % attack_every == 0 and (i - attack_at) // attack_every < 40:
                    lines.insert(i - start + 1, attack_line % (second, (i - start) * step_us + 1, i))
                    attack_left -= 1
        out.write("".join(lines).encode())


def prompt_rules(rules_dir):
    """Stateful rules that can keep state for a prompt: `on` naming prompt, or a prompt step."""
    count = 0
    for root, _, names in os.walk(rules_dir):
        for name in names:
            if name.endswith(".sigil"):
                text = open(os.path.join(root, name), encoding="utf-8").read()
                for m in re.finditer(r"^rule\s+\w+\s*\{(.*?)^\}", text, re.S | re.M):
                    body = m.group(1)
                    if re.search(r"^\s*on\s+[^\n]*\bprompt\b", body, re.M) or re.search(r":\s*prompt\s+where", body):
                        count += 1
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sigil")
    ap.add_argument("--sessions", type=int, default=5_000_000)
    ap.add_argument("--max-keys", type=int, default=100_000)
    ap.add_argument("--max-state-memory", default="256MiB")
    args = ap.parse_args()
    help_text = subprocess.run([args.sigil, "run", "--help"], capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory(prefix="sigil-flood-") as tmp:
        rules = os.path.join(tmp, "rules")
        subprocess.run([sys.executable, "bench/gen/strip-stateful", "--only-stateful", "rules", rules], check=True,
                       capture_output=True)
        touched_rules = prompt_rules(rules)
        alerts_path = os.path.join(tmp, "alerts.jsonl")
        cmd = [args.sigil, "run", "--rules", rules, "--input", "-", "--output", alerts_path, "--threads", "2",
               "--max-keys", str(args.max_keys)]
        if "--max-state-memory" in help_text:
            cmd += ["--max-state-memory", args.max_state_memory]
        started = time.monotonic()
        stderr_path = os.path.join(tmp, "stderr.txt")
        with open(stderr_path, "wb") as stderr_file:  # a file, not a pipe: no deadlock on a full pipe
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=stderr_file)
        try:
            flood(args.sessions, proc.stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        _, status, usage = os.wait4(proc.pid, 0)
        with open(stderr_path, "rb") as f:
            stderr = f.read().decode("utf-8", "replace")
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        with open(alerts_path, "rb") as f:
            alerts = strict_json_lines(f.read(), "alerts")
    peak_mb = usage.ru_maxrss / 1024
    bound_mb = BASE_MB + touched_rules * args.max_keys * KEY_BYTES / (1 << 20)
    state = re.search(r"state\s+([0-9]+) keys.*?([0-9]+) evicted", stderr)
    keys, evicted = (int(state.group(1)), int(state.group(2))) if state else (None, None)
    attack = [a for a in alerts if a["rule"]["id"] == ATTACK_RULE and a.get("session", {}).get("id") == "sess-attacker"]
    print(" ".join(cmd))
    print(f"{args.sessions} flood events + 40 attack events in {wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s "
          f"CPU; peak RSS {peak_mb:.0f} MB (bound {bound_mb:.0f} MB = {BASE_MB} + {touched_rules} rules x "
          f"{args.max_keys} keys x {KEY_BYTES} B); {keys} keys at the end, {evicted} evicted; {len(alerts)} alerts, "
          f"{len(attack)} from the attack")
    failures = []
    if proc.returncode != 0:
        failures.append(f"exit {proc.returncode}: {stderr[-2000:]}")
    if not attack:
        failures.append(f"no {ATTACK_RULE} alert for sess-attacker")
    if not evicted:
        failures.append(f"no evictions counted in the summary:\n{stderr}")
    # Under ASan freed blocks wait in its quarantine: peak RSS says little there (not checked).
    if peak_mb > bound_mb and os.environ.get("SIGIL_SANITIZED") != "1":
        failures.append(f"peak RSS {peak_mb:.0f} MB over the bound {bound_mb:.0f} MB")
    if failures:
        print(stderr[-3000:])
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
