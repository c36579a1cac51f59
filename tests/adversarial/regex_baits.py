"""The regexes of the shipped rule pack and inputs built to be hostile to each of them.

shipped_regexes(rules_dir) reads every *.sigil file (strings are JSON-like: \\" \\\\ \\n \\t \\uXXXX)
and returns {field: [pattern, ...]} for `FIELD re "..."`, `FIELD re [any|all] $list` and
`FIELD re [...]`, resolving lists (their definitions and `append`s, in every file).

baits(pattern) returns hostile texts for one pattern, by kind:
  runs       long runs of the characters the pattern's classes and literals accept
  near_miss  a string that matches all but its last character, repeated
  nested     nested-quantifier bait: the first character the pattern accepts, repeated, then '!'
  alternation every alternative of every alternation, one after the other (keeps every branch alive,
             and puts every prefilter atom of the pattern in the text)
  fold_all   the alternation text after a character that RE2 folds to ASCII (defeats the prefilter)
Texts are built with Python's own regex parser (RE2 syntax of these patterns is a subset);
fill(text, n) repeats one to exactly n bytes (UTF-8, never splitting a character).
"""
import json
import os
import re

try:
    import re._parser as sre_parse  # Python 3.11+
    import re._constants as sre_c
except ImportError:  # pragma: no cover
    import sre_parse
    import sre_constants as sre_c

KINDS = ("runs", "near_miss", "nested", "alternation", "fold_all")
# U+212A KELVIN SIGN: RE2 folds it to ASCII 'k', so the regex prefilter runs every pattern on a text
# holding it (engine/match/regex_set.hpp, RegexPrefilter::kFoldsToAscii).
FOLDS_TO_ASCII = "\u212a"

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|\$?[A-Za-z_][A-Za-z0-9_.]*|\[|\]|\S')


def _tokens(text):
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith("#"):
            continue
        yield tok


def _string(tok):
    return json.loads(tok)


def shipped_regexes(rules_dir):
    lists, uses = {}, []  # uses: (field, ("list", name) | ("str", pattern))
    files = []
    for root, _, names in os.walk(rules_dir):
        files += [os.path.join(root, n) for n in names if n.endswith(".sigil")]
    for path in sorted(files):
        toks = list(_tokens(open(path, encoding="utf-8").read()))
        i = 0
        while i < len(toks):
            t = toks[i]
            if t == "list" and i + 2 < len(toks) and toks[i + 2] in ("=", "append", "replace"):
                name, op = toks[i + 1], toks[i + 2]
                j, values = i + 3, []
                if j < len(toks) and toks[j] == "[":
                    j += 1
                    while j < len(toks) and toks[j] != "]":
                        if toks[j].startswith('"'):
                            values.append(_string(toks[j]))
                        j += 1
                if op == "append":
                    lists.setdefault(name, []).extend(values)
                else:
                    lists[name] = values
                i = j
                continue
            if t == "re" and i > 0:
                field = toks[i - 1]
                j = i + 1
                if j < len(toks) and toks[j] in ("any", "all"):
                    j += 1
                if j < len(toks):
                    v = toks[j]
                    if v.startswith("$"):
                        uses.append((field, ("list", v[1:])))
                    elif v.startswith('"'):
                        uses.append((field, ("str", _string(v))))
                    elif v == "[":
                        j += 1
                        while j < len(toks) and toks[j] != "]":
                            if toks[j].startswith('"'):
                                uses.append((field, ("str", _string(toks[j]))))
                            j += 1
            i += 1
    out = {}
    for field, (what, value) in uses:
        patterns = lists.get(value, []) if what == "list" else [value]
        for p in patterns:
            if p not in out.setdefault(field, []):
                out[field].append(p)
    return out


_CATEGORY = {  # a few characters each class accepts
    sre_c.CATEGORY_DIGIT: "0123456789", sre_c.CATEGORY_NOT_DIGIT: "a-_",
    sre_c.CATEGORY_SPACE: " \t\n", sre_c.CATEGORY_NOT_SPACE: "a9_",
    sre_c.CATEGORY_WORD: "aZ9_", sre_c.CATEGORY_NOT_WORD: " .-",
}


def _class_chars(items):
    chars = []
    negated = False
    for op, av in items:
        if op == sre_c.NEGATE:
            negated = True
        elif op == sre_c.LITERAL:
            chars.append(chr(av))
        elif op == sre_c.RANGE:
            lo, hi = av
            step = max(1, (hi - lo) // 4)
            chars += [chr(c) for c in range(lo, hi + 1, step)][:6]
        elif op == sre_c.CATEGORY:
            chars += list(_CATEGORY.get(av, "a"))
    if negated:
        excluded = set(chars)
        return [c for c in "aZ9 _-.x" if c not in excluded][:4] or ["~"]
    return chars or ["a"]


def _parse(pattern):
    p = re.sub(r"\(\?-?[imsU]+(-[imsU]+)?\)", "", pattern)  # flags change no sample
    flags = 0
    p = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: "\\U%08x" % int(m.group(1), 16), p)
    p = p.replace("\\z", "\\Z").replace("\\C", ".")
    p = re.sub(r"\\p\{[A-Za-z_]+\}|\\pL|\\pN", "a", p)
    p = re.sub(r"\\P\{[A-Za-z_]+\}", " ", p)
    p = re.sub(r"\[\[:(alpha|alnum|upper|lower|word):\]\]", "[A-Za-z]", p)
    p = re.sub(r"\[:(alpha|alnum|upper|lower|word):\]", "A-Za-z", p)
    p = re.sub(r"\[:(digit|xdigit):\]", "0-9", p)
    p = re.sub(r"\[:(space|blank):\]", " ", p)
    p = re.sub(r"\[:(punct):\]", ".,!", p)
    return sre_parse.parse(p, flags)


def _sample(tree, branch=0, chars=None):
    """One string the (parsed) pattern matches: first (or `branch`-th) alternatives, minimal
    repetition (at least one). `chars` collects every accepted character."""
    out = []
    for op, av in tree:
        if op == sre_c.LITERAL:
            out.append(chr(av))
            if chars is not None:
                chars.append(chr(av))
        elif op == sre_c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op == sre_c.ANY:
            out.append("x")
        elif op == sre_c.IN:
            cs = _class_chars(av)
            out.append(cs[0])
            if chars is not None:
                chars.extend(cs)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            out.append(_sample(sub, branch, chars) * max(lo, 1 if hi != 0 else 0))
        elif op == sre_c.SUBPATTERN:
            out.append(_sample(av[-1], branch, chars))
        elif op == sre_c.BRANCH:
            alts = av[1]
            for k, alt in enumerate(alts):
                s = _sample(alt, branch, chars)
                if k == min(branch, len(alts) - 1):
                    chosen = s
            out.append(chosen)
        elif op in (sre_c.ATOMIC_GROUP if hasattr(sre_c, "ATOMIC_GROUP") else (),):
            out.append(_sample(av, branch, chars))
        # AT (anchors, \b), ASSERT, GROUPREF: nothing
    return "".join(out)


def _alternatives(tree):
    """Every alternative of every alternation, as sample strings."""
    found = []

    def walk(t):
        for op, av in t:
            if op == sre_c.BRANCH:
                for alt in av[1]:
                    found.append(_sample(alt))
                    walk(alt)
            elif op == sre_c.SUBPATTERN:
                walk(av[-1])
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
                walk(av[2])
    walk(tree)
    return found


def baits(pattern):
    """{kind: text} for one pattern (texts are short units; fill() grows them)."""
    tree = _parse(pattern)
    chars = []
    sample = _sample(tree, chars=chars)
    alts = _alternatives(tree)
    accepted = "".join(dict.fromkeys(chars)) or "a"
    near = sample[:-1] if len(sample) > 1 else sample + "!"
    first = (sample or "a")[0]
    return {
        "runs": accepted,
        "near_miss": near + " ",
        "nested": first * 4096 + "!",
        "alternation": " ".join(alts + [sample]) + " ",
        "fold_all": FOLDS_TO_ASCII + " " + " ".join(alts + [sample]) + " ",
    }


def fill(unit, size):
    """`unit` repeated and cut to exactly `size` bytes of UTF-8 (padded with spaces at a cut
    character)."""
    data = unit.encode("utf-8") or b"a"
    out = (data * (size // len(data) + 1))[:size]
    while True:
        try:
            text = out.decode("utf-8")
            break
        except UnicodeDecodeError as e:
            out = out[:e.start] + b" " * (len(out) - e.start)
    return text


def mixed(patterns, kind, size):
    """One text of `size` bytes holding the `kind` bait of every pattern, each filled to an equal
    share (so one event exercises every pattern of a field)."""
    share = max(64, size // max(1, len(patterns)))
    text = "".join(fill(baits(p)[kind], share) for p in patterns)
    return fill(text, size)


def check_all_match_python(pattern):  # for debugging the generator: does the sample match?
    try:
        return re.search(_sample(_parse(pattern)), "") is not None
    except re.error:
        return False
