#!/usr/bin/env python3
"""Pathological event records through the real `sigil run` with the shipped rules (rules/).

Fills the gaps left by tests/cli (examples/bad-input.jsonl has one record per dead-letter reason;
e2e_hostile has one hostile prompt): the limits at their exact boundary (a record of exactly
--max-event-bytes and one byte more, nesting at --max-depth and one beyond), 100k-element arrays,
every class of invalid UTF-8 (in values and in field names), escaped NULs and lone surrogates,
numbers beyond double and int64, duplicate keys in one object. Good records are interleaved and
must still alert. Checks: exit 0; each bad record is exactly one dead letter with the expected
reason; each good record alerts as expected (the 1 MiB and NUL prompts round-trip byte for byte in
the evidence); alerts and dead letters are strict JSON (UTF-8, no lone surrogates); the summary's
counts agree.

Usage: pathological_events.py path/to/sigil   (from the source root)
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adversarial_common import (INJECTION, INJECTION_RULE, finish, record, run_sigil, strict_json_lines,  # noqa: E402
                                summary_count)

MAX_EVENT = 1048576  # sigil run --max-event-bytes default
MAX_DEPTH = 64       # --max-depth default: the top-level object counts as one level


def prompt(session, text, **extra):
    return record(session, prompt={"text": text, "source": "user", **extra})


def sized(session, size):
    """A prompt record of exactly `size` bytes, starting with an instruction override."""
    empty = prompt(session, INJECTION)
    filler = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[: size - len(empty)]
    out = prompt(session, INJECTION + filler)
    assert len(out) == size, (len(out), size)
    return out


def nested(levels):
    """`levels` nested objects: {"a":{"a":...1...}}."""
    return b'{"a":' * levels + b"1" + b"}" * levels


def with_field(rec, raw_name, raw_value):
    """Inserts `"raw_name":raw_value` (raw bytes) as the record's first field."""
    return b'{"' + raw_name + b'":' + raw_value + b"," + rec[1:]


def cases():
    """(name, record bytes, expectation): ("alert", rule id, expected prompt text or None) |
    ("accept",) | ("dead", reason)."""
    c = []
    good = lambda n: c.append((n, prompt(n, INJECTION + "good record " + n), ("alert", INJECTION_RULE, None)))
    good("good-first")
    # 1 MiB prompt text: exactly at the record limit, and one byte over it.
    at_limit = sized("big-at-limit", MAX_EVENT)
    c.append(("big-at-limit", at_limit, ("alert", INJECTION_RULE, json.loads(at_limit)["prompt"]["text"])))
    c.append(("big-over-limit", sized("big-over-limit", MAX_EVENT + 1), ("dead", "too_large")))
    # 100k-element arrays: strings in a contract array (user.roles), numbers in an open field, and
    # 100k empty arrays in an array (one level deep each).
    roles = record("array-roles", user={"id": "u-adv", "roles": ["r"] * 100000},
                   prompt={"text": INJECTION + "roles", "source": "user"})
    c.append(("array-roles", roles, ("alert", INJECTION_RULE, None)))
    c.append(("array-tool-args", record("array-tool-args", kind="agent_action",
                                        tool={"name": "search", "phase": "requested", "call_id": "c1",
                                              "arguments": {"ids": list(range(100000))}}), ("accept",)))
    c.append(("array-of-arrays", with_field(prompt("array-of-arrays", INJECTION + "arrays"), b"x_arrays",
                                            b"[" + b",".join([b"[]"] * 100000) + b"]"),
              ("alert", INJECTION_RULE, None)))
    # Nesting: at the limit (top-level object + 63 levels) and one beyond, in an unknown field and
    # inside an open contract field (tool.arguments).
    c.append(("depth-at-limit", with_field(prompt("depth-at-limit", INJECTION + "deep"), b"x_deep",
                                           nested(MAX_DEPTH - 1)), ("alert", INJECTION_RULE, None)))
    c.append(("depth-beyond", with_field(prompt("depth-beyond", INJECTION + "deeper"), b"x_deep",
                                         nested(MAX_DEPTH)), ("dead", "too_deep")))
    for name, levels, want in (("depth-args-at-limit", MAX_DEPTH - 2, ("accept",)),
                               ("depth-args-beyond", MAX_DEPTH - 1, ("dead", "too_deep"))):
        # top-level object + `tool` + `levels` objects as tool.arguments
        args = record(name, kind="agent_action", tool={"name": "search", "phase": "requested", "call_id": "c2",
                                                      "arguments": {}})
        c.append((name, args.replace(b'"arguments":{}', b'"arguments":' + nested(levels)), want))
    arrays_deep = b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1)
    c.append(("depth-arrays-at-limit", with_field(prompt("depth-arrays-at-limit", "arrays"), b"x_deep", arrays_deep),
              ("accept",)))
    good("good-after-limits")
    # Invalid UTF-8, one class each, in a string value and in a field name.
    bad_utf8 = {
        "overlong-slash": b"\xc0\xaf", "overlong-3byte": b"\xe0\x80\xaf", "surrogate-encoded": b"\xed\xa0\x80",
        "above-10ffff": b"\xf4\x90\x80\x80", "truncated-at-end": b"\xe2\x82", "lone-continuation": b"\x80",
        "byte-ff": b"\xff", "five-byte-form": b"\xf8\x88\x80\x80\x80",
    }
    for name, raw in bad_utf8.items():
        rec = prompt("utf8-" + name, INJECTION + "PLACEHOLDER")
        c.append(("utf8-" + name, rec.replace(b"PLACEHOLDER", raw), ("dead", "invalid_utf8")))
    c.append(("utf8-in-field-name", with_field(prompt("utf8-in-field-name", INJECTION), b"x_\xc3\x28", b"1"),
              ("dead", "invalid_utf8")))
    # Escaped NULs are valid JSON and valid text: accepted, and round-trip in the alert.
    nul_text = INJECTION + "\x00" * 50000 + " tail\x00"
    c.append(("nul-escapes", prompt("nul-escapes", nul_text), ("alert", INJECTION_RULE, nul_text)))
    c.append(("nul-in-field-name", with_field(prompt("nul-in-field-name", INJECTION), b"x_\\u0000", b"1"),
              ("alert", INJECTION_RULE, None)))
    # Escaped lone surrogates are refused (they would decode to bytes that are not UTF-8).
    for name, esc in {"lone-low": b"\\udc00", "lone-high": b"\\ud83dx", "high-at-end": b"\\ud83d"}.items():
        rec = prompt("surrogate-" + name, INJECTION + "PLACEHOLDER")
        c.append(("surrogate-" + name, rec.replace(b"PLACEHOLDER", esc), ("dead", "invalid_json")))
    paired = INJECTION + "\U0001F600 paired"
    c.append(("surrogate-paired", prompt("surrogate-paired", paired).replace("\U0001F600".encode(), b"\\ud83d\\ude00"),
              ("alert", INJECTION_RULE, paired)))
    # Numbers.
    num = lambda n, raw: prompt(n, INJECTION + n).replace(b'"source":"user"', b'"source":"user","risk_score":' + raw)
    c.append(("number-overflow", num("number-overflow", b"1e400"), ("dead", "invalid_json")))
    c.append(("number-overflow-neg", num("number-overflow-neg", b"-1e400"), ("dead", "invalid_json")))
    c.append(("number-underflow", num("number-underflow", b"1e-400"), ("alert", INJECTION_RULE, None)))
    c.append(("number-max-double", num("number-max-double", b"1.7976931348623157e308"), ("alert", INJECTION_RULE, None)))
    c.append(("number-long-mantissa", num("number-long-mantissa", b"0." + b"9" * 5000), ("alert", INJECTION_RULE, None)))
    tokens = lambda n, raw: record(n, kind="token_usage", usage={"input_tokens": "IN", "output_tokens": 1,
                                                                 "total_tokens": 2}).replace(b'"IN"', raw)
    c.append(("int-beyond-int64", tokens("int-beyond-int64", b"123456789012345678901234567890"), ("dead", "wrong_type")))
    c.append(("int-as-exponent", tokens("int-as-exponent", b"1e3"), ("dead", "wrong_type")))
    c.append(("int-min-int64", tokens("int-min-int64", b"-9223372036854775808"), ("accept",)))
    c.append(("time-nano-beyond-int64", record("time-nano-beyond-int64").replace(
        b'"time":"2026-11-25T12:00:00Z"', b'"time_unix_nano":"99999999999999999999"'), ("dead", "invalid_time")))
    # Duplicate keys in one object (not the dotted/nested pair examples/bad-input.jsonl has).
    c.append(("dup-nested-key", prompt("dup-nested-key", INJECTION).replace(b'"source":"user"',
                                                                            b'"source":"user","text":"benign"'),
              ("dead", "duplicate_field")))
    c.append(("dup-top-key", prompt("dup-top-key", INJECTION).replace(b'"kind":"prompt"', b'"kind":"prompt","kind":"audit"'),
              ("dead", "duplicate_field")))
    c.append(("dup-unknown-key", with_field(with_field(prompt("dup-unknown-key", INJECTION), b"x_a", b"1"), b"x_a", b"2"),
              ("accept",)))
    # Framing: a UTF-8 byte-order mark, a CR before the newline.
    c.append(("bom", b"\xef\xbb\xbf" + prompt("bom", INJECTION), ("dead", "invalid_json")))
    c.append(("crlf", prompt("crlf", INJECTION + "crlf") + b"\r", ("alert", INJECTION_RULE, None)))
    good("good-last")
    return c


def main():
    sigil = sys.argv[1]
    all_cases = cases()
    data = b"\n".join(rec for _, rec, _ in all_cases) + b"\n"
    dead_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"sigil-adv-dead-{os.getpid()}.jsonl")
    try:
        code, out, err = run_sigil(sigil, ["--rules", "rules", "--input", "-", "--dead-letter", dead_path,
                                           "--threads", "2"], stdin_bytes=data, timeout=300)
        with open(dead_path, "rb") as f:
            dead_bytes = f.read()
    finally:
        if os.path.exists(dead_path):
            os.remove(dead_path)
    failures = []
    if code != 0:
        failures.append(f"exit {code}, stderr: {err[-2000:]}")
    alerts = strict_json_lines(out, "alerts")
    dead = strict_json_lines(dead_bytes, "dead letters")
    dead_by_line = {}
    for d in dead:
        dead_by_line.setdefault(d["source"]["line"], []).append(d)
    alerts_by_session = {}
    for a in alerts:
        alerts_by_session.setdefault(a.get("session", {}).get("id"), []).append(a)
    expected_dead = 0
    for line, (name, rec, want) in enumerate(all_cases, 1):
        got_dead = dead_by_line.pop(line, [])
        got_alerts = alerts_by_session.pop(name, [])
        if want[0] == "dead":
            expected_dead += 1
            if [d["reason"] for d in got_dead] != [want[1]]:
                failures.append(f"{name} (line {line}): want one dead letter {want[1]}, got "
                                f"{[(d['reason'], d['message']) for d in got_dead]}")
                continue
            d = got_dead[0]
            original = base64.b64decode(d["original_base64"]) if "original_base64" in d else d["original"].encode()
            if original != rec.rstrip(b"\r") and original != rec:
                failures.append(f"{name}: dead letter does not carry the original bytes")
            if d["original_length"] != len(original) and want[1] != "too_large":
                failures.append(f"{name}: original_length {d['original_length']} != {len(original)}")
            if got_alerts:
                failures.append(f"{name}: dead-lettered but alerted")
            continue
        if got_dead:
            failures.append(f"{name} (line {line}): want accepted, dead-lettered: {got_dead[0]['message']}")
        if want[0] == "alert":
            hits = [a for a in got_alerts if a["rule"]["id"] == want[1]]
            if not hits:
                failures.append(f"{name}: no {want[1]} alert (got {[a['rule']['id'] for a in got_alerts]})")
            elif want[2] is not None:
                texts = [f["fields"].get("prompt.text") for f in hits[0]["evidence"]]
                if want[2] not in texts:
                    failures.append(f"{name}: prompt text does not round-trip through the alert evidence")
    if dead_by_line:
        failures.append(f"dead letters for unexpected lines: {sorted(dead_by_line)}")
    if summary_count(err, "dead-lettered") != expected_dead or summary_count(err, "accepted") != len(all_cases) - expected_dead:
        failures.append(f"summary counts differ from the cases ({expected_dead} dead of {len(all_cases)}):\n{err}")
    return finish(failures, f"{len(all_cases)} records ({len(data)} bytes): {expected_dead} dead letters, "
                            f"{len(alerts)} alerts")


if __name__ == "__main__":
    sys.exit(main())
