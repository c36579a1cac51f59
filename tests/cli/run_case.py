#!/usr/bin/env python3
"""Runs one command-line test case of the `sigil` binary against golden files.

A case is a JSON file (tests/cli/cases/NAME.case):
  {
    "args": ["run", "--input", "examples/bad-input.jsonl", "--dead-letter", "{tmp}/dl.jsonl"],
    "stdin": "optional text",              # default: no input
    "exit": 0,                              # expected exit code
    "stdout": "golden/NAME.stdout",         # optional golden file (path relative to tests/cli)
    "stderr": "golden/NAME.stderr",         # optional golden file
    "stdout_contains": ["..."],             # optional substrings
    "stderr_contains": ["..."],
    "files": {"{tmp}/dl.jsonl": "golden/NAME.dead-letter.jsonl"},  # produced file -> golden
    "jsonl_keys": ["reason", "source"]      # optional: compare produced JSON Lines files on these
  }                                         # keys only (keeps goldens small when records are huge)
`{tmp}` is a fresh temporary directory. Before comparing, run-dependent text (durations, rates)
is replaced by placeholders (see normalize()). Set SIGIL_UPDATE_GOLDEN=1 to rewrite golden files.
Usage: run_case.py SIGIL_BINARY CASE_FILE   (run from the source root)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def normalize(text: str) -> str:
    text = re.sub(r"in \d+\.\d+ s \(\d+ events/s, \d+\.\d+ MB/s\)", "in <seconds> s (<rate> events/s, <rate> MB/s)", text)
    # Alerts: the wall clock of detection (native `detected_at`, OCSF `finding_info.created_time`).
    text = re.sub(r'"detected_at":"[^"]*"', '"detected_at":"<detected_at>"', text)
    text = re.sub(r'"created_time":\d+', '"created_time":<created_time>', text)
    return text


def compare(label: str, actual: str, golden_rel: str, failures: list) -> None:
    golden_path = os.path.join(HERE, golden_rel)
    actual = normalize(actual)
    if os.environ.get("SIGIL_UPDATE_GOLDEN") == "1":
        os.makedirs(os.path.dirname(golden_path), exist_ok=True)
        with open(golden_path, "w", encoding="utf-8", newline="") as f:
            f.write(actual)
        return
    try:
        with open(golden_path, encoding="utf-8", newline="") as f:
            expected = f.read()
    except FileNotFoundError:
        failures.append(f"{label}: golden file {golden_rel} is missing (SIGIL_UPDATE_GOLDEN=1 writes it)")
        return
    if actual != expected:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            fromfile=golden_rel, tofile=f"actual {label}"))
        failures.append(f"{label} differs from {golden_rel}:\n{diff}")


def main() -> int:
    sigil, case_path = sys.argv[1], sys.argv[2]
    with open(case_path, encoding="utf-8") as f:
        case = json.load(f)
    failures = []
    with tempfile.TemporaryDirectory(prefix="sigil-cli-") as tmp:
        args = [a.replace("{tmp}", tmp) for a in case["args"]]
        stdin = case.get("stdin")
        proc = subprocess.run([sigil] + args, input=(stdin or "").encode(), capture_output=True, timeout=120)
        stdout = proc.stdout.decode("utf-8", errors="replace")
        stderr = proc.stderr.decode("utf-8", errors="replace")
        if proc.returncode != case.get("exit", 0):
            failures.append(f"exit code {proc.returncode}, expected {case.get('exit', 0)}")
        if "stdout" in case:
            compare("stdout", stdout, case["stdout"], failures)
        if "stderr" in case:
            compare("stderr", stderr, case["stderr"], failures)
        for part in case.get("stdout_contains", []):
            if part not in stdout:
                failures.append(f"stdout lacks {part!r}")
        for part in case.get("stderr_contains", []):
            if part not in stderr:
                failures.append(f"stderr lacks {part!r}")
        for produced, golden in case.get("files", {}).items():
            path = produced.replace("{tmp}", tmp)
            if not os.path.exists(path):
                failures.append(f"{produced} was not written")
                continue
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            if "jsonl_keys" in case:
                keys = case["jsonl_keys"]
                text = "".join(json.dumps({k: json.loads(line).get(k) for k in keys}) + "\n"
                               for line in text.splitlines() if line.strip())
            compare(produced, text, golden, failures)
    if failures:
        print(f"FAILED {os.path.basename(case_path)}: sigil {' '.join(case['args'])}")
        print(f"--- stdout ---\n{stdout}--- stderr ---\n{stderr}")
        for failure in failures:
            print(failure)
        return 1
    print(f"passed {os.path.basename(case_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
