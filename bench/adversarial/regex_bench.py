#!/usr/bin/env python3
"""ns per byte of regex-hostile text through `sigil run` with the shipped rules, per field, bait kind
and text length. RE2 is linear in the text, so a row should stay flat across lengths (short texts
carry the fixed per-event cost on top: compare with the `benign` row).

For each length L and each field a shipped regex applies to, and each bait kind of
tests/adversarial/regex_baits.py, N events whose field holds L bytes of ONE pattern's bait (the
events go round the field's patterns), with N * L ~= BYTES; the time is the run's own (the summary's
"records in S s", which leaves out loading and compiling the rules).

Usage: bench/adversarial/regex_bench.py                    (from the source root)
Each cell is the fastest of REPEAT runs (the machine is shared: the minimum is the least disturbed).
The time includes everything the run does per byte: parsing, normalizing, every rule on the field
(literals and regexes), and writing the alerts the bait triggers (to /dev/null).

Environment: SIGIL=build-adv/sigil  BYTES=2097152  REPEAT=3  LENGTHS="1024 10240 102400 1048576"
             FIELDS="prompt.text response.text ..." (default: every field)  KINDS="benign runs ..."
             THREADS=1  JSON=path (also write the table as JSON)
"""
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "tests", "adversarial"))
from adversarial_common import field_event  # noqa: E402
from regex_baits import KINDS, baits, fill, shipped_regexes  # noqa: E402

BENIGN = ("Please summarize the attached quarterly report for the board, keep it short and factual, "
          "and list the three main risks with their owners. ")


def run(sigil, data, threads):
    proc = subprocess.run([sigil, "run", "--rules", "rules", "--input", "-", "--output", "/dev/null",
                           "--max-event-bytes", str(2 << 20), "--threads", str(threads)],
                          input=data, capture_output=True, check=True)
    m = re.search(r"records in ([0-9.]+) s", proc.stderr.decode())
    return float(m.group(1))


def main():
    os.chdir(root)
    sigil = os.environ.get("SIGIL", "build-adv/sigil")
    total = int(os.environ.get("BYTES", 2 << 20))
    repeat = int(os.environ.get("REPEAT", "3"))
    lengths = [int(x) for x in os.environ.get("LENGTHS", "1024 10240 102400 1048576").split()]
    threads = int(os.environ.get("THREADS", "1"))
    regexes = shipped_regexes("rules")
    fields = os.environ.get("FIELDS", " ".join(sorted(regexes))).split()
    kinds = os.environ.get("KINDS", " ".join(("benign",) + KINDS)).split()
    rows = []
    print(f"sigil {sigil}, {threads} thread(s), ~{total >> 20} MiB of text per cell, best of {repeat}; "
          "ns per byte of field text")
    header = f"{'field':30} {'kind':12}" + "".join(f"{_size(n):>10}" for n in lengths) + "    max/min"
    print(header)
    for field in fields:
        patterns = regexes[field]
        units = {k: [BENIGN] if k == "benign" else [baits(p)[k] for p in patterns] for k in kinds}
        for kind in kinds:
            cells = []
            for n in lengths:
                count = max(1, total // n)
                records = [field_event(field, fill(units[kind][i % len(units[kind])], n), f"b{i}") for i in range(count)]
                data = b"\n".join(records) + b"\n"
                seconds = min(run(sigil, data, threads) for _ in range(repeat))
                cells.append(seconds * 1e9 / (count * n))
            rows.append({"field": field, "kind": kind, "ns_per_byte": dict(zip(map(str, lengths), cells))})
            print(f"{field:30} {kind:12}" + "".join(f"{c:10.1f}" for c in cells) + f"{max(cells) / min(cells):11.1f}",
                  flush=True)
    if os.environ.get("JSON"):
        with open(os.environ["JSON"], "w") as f:
            json.dump({"sigil": sigil, "threads": threads, "bytes_per_cell": total, "rows": rows}, f, indent=1)


def _size(n):
    return f"{n >> 20}MiB" if n >= 1 << 20 else f"{n >> 10}KiB"


if __name__ == "__main__":
    main()
