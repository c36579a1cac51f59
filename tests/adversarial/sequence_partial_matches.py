#!/usr/bin/env python3
"""The runtime side of the sequence state bound (docs/rule-checks.md, "Sequence state bound"): per key
a sequence keeps at most one pending match per present step, so one session that starts the
sequence over and over, each time binding a new 1 KiB value, does not grow state.

Runs a 3-step sequence that binds prompt.text in its first step, fed SMALL and then LARGE (25x)
prompts from one session that all match the first step (and never the later ones), streamed into
`sigil run --input -`. Checks: exit 0, one key at the end, and a peak RSS for LARGE within 32 MB of
the one for SMALL (a state that kept every start would hold LARGE x ~2 KiB: ~100 MB more).

Usage: sequence_partial_matches.py path/to/sigil   (from the source root)
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adversarial_common import finish, record  # noqa: E402

RULE = """
rule seq_restarts {
  title "one session restarts a sequence" severity low atlas none "adversarial test"
  sequence by session.id within 1h {
    start: prompt where prompt.source == "user" bind text = prompt.text
    never: agent_action where tool.name == "no-such-tool"
    used: agent_action where tool.arguments contains @text
  }
}
"""
SMALL, LARGE = 2000, 50000


def run(sigil, rules, count):
    cmd = [sigil, "run", "--rules", rules, "--input", "-", "--output", "/dev/null", "--threads", "2"]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=err)
        for start in range(0, count, 1000):
            lines = []
            for i in range(start, min(count, start + 1000)):
                text = f"restart {i:08d} " + "x" * 1000
                lines.append(record("sess-restarts", time=f"2026-11-25T12:{i // 60000 % 60:02d}:{i // 1000 % 60:02d}."
                                                            f"{i % 1000:03d}Z", prompt={"text": text, "source": "user"}))
            proc.stdin.write(b"\n".join(lines) + b"\n")
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, stderr


def main():
    sigil = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="sigil-seq-") as tmp:
        rules = os.path.join(tmp, "restarts.sigil")
        with open(rules, "w") as f:
            f.write(RULE)
        results = {n: run(sigil, rules, n) for n in (SMALL, LARGE)}
    failures = []
    for n, (code, peak, stderr) in results.items():
        keys = re.search(r"state\s+([0-9]+) keys", stderr)
        print(f"{n} restarts of one session's sequence: exit {code}, peak RSS {peak:.0f} MB, "
              f"{keys.group(0) if keys else 'no state line'}")
        if code != 0:
            failures.append(f"{n}: exit {code}: {stderr[-2000:]}")
        if not keys or keys.group(1) != "1":
            failures.append(f"{n}: want one key at the end:\n{stderr}")
    growth = results[LARGE][1] - results[SMALL][1]
    # Under ASan freed blocks wait in its quarantine (256 MB by default), so peak RSS grows with the
    # number of frees, not with what is live: only the key count is checked there.
    if os.environ.get("SIGIL_SANITIZED") == "1":
        print(f"sanitizer build: RSS growth {growth:.0f} MB not checked")
    elif growth > 32:
        failures.append(f"peak RSS grew by {growth:.0f} MB from {SMALL} to {LARGE} restarts: pending matches pile up")
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
