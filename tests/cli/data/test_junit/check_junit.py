#!/usr/bin/env python3
"""`sigil test --format junit` has the common JUnit XML shape CI systems read.

Runs `sigil test` on the example fixtures (passing, failing, skipped and broken cases) and checks,
with xml.etree: testsuites > testsuite[name, tests, failures, errors, skipped] > testcase[name,
classname] > failure[message] | error[message] | skipped; the counts agree with the children; text
survives escaping. Usage (from the source root): check_junit.py SIGIL_BINARY
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DATA = "tests/cli/data"


def main() -> int:
    sigil = sys.argv[1]
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    with tempfile.TemporaryDirectory(prefix="sigil-junit-") as tmp:
        out = os.path.join(tmp, "report.xml")
        proc = subprocess.run([sigil, "test", f"{DATA}/test_rules", f"{DATA}/test_failing", f"{DATA}/test_broken",
                               "--format", "junit", "--output", out], capture_output=True, timeout=120)
        check(proc.returncode == 2, f"exit code {proc.returncode}, expected 2 (a fixture does not validate)")
        root = ET.parse(out).getroot()  # raises on malformed XML

    check(root.tag == "testsuites", f"root is <{root.tag}>")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root:
        check(suite.tag == "testsuite", f"<{suite.tag}> under <testsuites>")
        for attr in ("name", "tests", "failures", "errors", "skipped"):
            check(attr in suite.attrib, f"testsuite lacks {attr}")
        cases = list(suite)
        count = {"failures": 0, "errors": 0, "skipped": 0}
        for case in cases:
            check(case.tag == "testcase", f"<{case.tag}> under <testsuite>")
            check("name" in case.attrib and "classname" in case.attrib, "testcase lacks name or classname")
            for child in case:
                check(child.tag in ("failure", "error", "skipped"), f"<{child.tag}> under <testcase>")
                if child.tag in ("failure", "error"):
                    check("message" in child.attrib, f"<{child.tag}> lacks message")
                count[{"failure": "failures", "error": "errors", "skipped": "skipped"}[child.tag]] += 1
        check(int(suite.get("tests", -1)) == len(cases), f"suite {suite.get('name')}: tests != testcases")
        for key, n in count.items():
            check(int(suite.get(key, -1)) == n, f"suite {suite.get('name')}: {key} {suite.get(key)} != {n}")
        totals["tests"] += len(cases)
        for key, n in count.items():
            totals[key] += n
    for key, n in totals.items():
        check(int(root.get(key, -1)) == n, f"testsuites {key} {root.get(key)} != {n}")
    check(totals == {"tests": 16, "failures": 4, "errors": 2, "skipped": 1}, f"totals {totals}")
    names = [c.get("name") for c in root.iter("testcase")]
    check("expects no alert <&> gets one" in names, "markup in a case name did not survive escaping")
    failure = next((f for f in root.iter("failure") if "sequence" in (f.text or "")), None)
    check(failure is not None and "reached step 2 of 3" in failure.text, "the sequence failure lacks the step reached")
    if problems:
        print("FAILED check_junit.py:\n  " + "\n  ".join(problems))
        return 1
    print("passed check_junit.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
