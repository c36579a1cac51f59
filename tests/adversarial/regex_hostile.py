#!/usr/bin/env python3
"""Regex-hostile text of 1 MiB against every regex of the shipped pack, through `sigil run`.

For every field a shipped `re` pattern applies to (prompt.text, response.text, tool.arguments,
retrieval.documents.content, ...) and every bait kind of tests/adversarial/regex_baits.py (runs of
accepted characters, near misses, nested-quantifier bait, alternation-heavy text, and the same after
a character that defeats the prefilter), one event whose field holds 1 MiB made of every pattern's
bait. Correctness only (speed is bench/adversarial/regex_bench.py): exit 0, every event accepted,
alerts strict JSON, the run within the ctest TIMEOUT.

Usage: regex_hostile.py path/to/sigil   (from the source root)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adversarial_common import field_event, finish, run_sigil, strict_json_lines, summary_count  # noqa: E402
from regex_baits import KINDS, mixed, shipped_regexes  # noqa: E402

MIB = 1 << 20


def main():
    sigil = sys.argv[1]
    regexes = shipped_regexes("rules")
    total = sum(len(p) for p in regexes.values())
    assert total >= 200, f"found only {total} regexes in rules/: has the rule syntax changed?"
    records = []
    for field, patterns in sorted(regexes.items()):
        for kind in KINDS:
            records.append(field_event(field, mixed(patterns, kind, MIB), f"regex-{field}-{kind}"))
    code, out, err = run_sigil(sigil, ["--rules", "rules", "--input", "-", "--max-event-bytes", str(2 * MIB),
                                       "--threads", "2"], stdin_bytes=b"\n".join(records) + b"\n", timeout=600)
    failures = []
    if code != 0:
        failures.append(f"exit {code}: {err[-2000:]}")
    try:
        alerts = strict_json_lines(out, "alerts")
    except AssertionError as e:
        failures.append(str(e))
        alerts = []
    if summary_count(err, "accepted") != len(records) or summary_count(err, "dead-lettered") != 0:
        failures.append(f"want {len(records)} accepted and no dead letters:\n{err}")
    return finish(failures, f"{total} regexes on {len(regexes)} fields; {len(records)} events of 1 MiB; "
                            f"{len(alerts)} alerts")


if __name__ == "__main__":
    sys.exit(main())
