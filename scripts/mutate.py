#!/usr/bin/env python3
"""Mutation testing of tsimport's decision logic: plants one realistic one-line bug at a time in
the core (and the command line's exit-code logic), rebuilds incrementally, runs the test suite
with a timeout per mutant, and reports which mutants the suite killed and which survived, with
the diff of each survivor.

Usage (from anywhere; the build directory must be configured and built once):
  scripts/mutate.py [--build build] [--seed 22] [--count 60] [--timeout 240]
                    [--files GLOB...] [--exclude-tests PATTERN...] [--report FILE]
                    [--list] [--only ID...]

  --build DIR       the build directory (default build); its tsimport_tests and tsimport are
                    rebuilt after each mutation (one object, then the links), and once more at
                    the end with the sources restored
  --seed N          the seed of the sample (default 22): the same seed and sources give the
                    same mutants
  --count N         how many mutants to sample (default 60)
  --timeout S       seconds a mutant's test run may take; past it, the mutant counts as killed
                    (a hang is caught) (default 240)
  --exclude-tests   Catch2 test specs left out of each run (default: the few slow tests that
                    measure time or size, which no decision-logic mutant needs: see DEFAULT_EXCLUDED)
  --report FILE     where the report goes (default mutate-report.md in the build directory)
  --list            print the sampled mutants and stop
  --only ID...      run only these mutants of the sample (their IDs as --list prints them)

A mutant is killed when the test binary fails (or times out) with it; it survives when every
test passes. A mutant that does not compile is dropped and another is drawn in its place. The
sources are restored after each mutant, and on Ctrl-C. docs/testing.md has the last score.
"""
import argparse
import dataclasses
import difflib
import glob
import os
import random
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The core's decision logic: the validator and lint rules, the builder, the decoder, the zip
# reader and scanner, redaction, the import's ReturnValue and exit code, and the command
# line's exit-code logic.
DEFAULT_FILES = [
    "src/core/check/validate.cpp",
    "src/core/check/lint.cpp",
    "src/core/build/builder.cpp",
    "src/core/input/decode.cpp",
    "src/core/input/zip.cpp",
    "src/core/input/scan.cpp",
    "src/core/write/redact.cpp",
    "src/core/import.cpp",
    "src/cli/runner.cpp",
]

# Tests that measure time and size on large generated inputs, run a subprocess killed midway,
# or run node (the SARIF validator): tens of seconds each and nothing a one-line bug in the
# decision logic needs to be seen. They run in CI; a mutant run leaves them out.
DEFAULT_EXCLUDED = [
    "hostile: many variables*",
    "hostile: a 1 GB sparse file*",
    "hostile: a batch run killed*",
    "fail closed*",
    "sarif: the output of every*",
]


@dataclasses.dataclass
class Mutant:
    file: str
    line: int  # 1-based
    operator: str
    original: str
    mutated: str

    def ident(self):
        return f"{self.file}:{self.line}:{self.operator}"

    def diff(self):
        return "".join(
            difflib.unified_diff(
                [self.original + "\n"], [self.mutated + "\n"], f"a/{self.file}", f"b/{self.file}",
                n=0, lineterm="\n")).replace("@@ -1 +1 @@", f"@@ -{self.line} +{self.line} @@")


def code_part(line):
    """The line without a trailing // comment, and whether it is code worth mutating."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("//", "#", "*", "/*")):
        return None
    if "static_assert" in line or "namespace" in line:
        return None
    return line


def string_spans(line):
    """Spans of string and character literals (never mutated inside)."""
    spans = []
    for m in re.finditer(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])+\'', line):
        spans.append((m.start(), m.end()))
    comment = line.find("//")
    while comment != -1 and any(a <= comment < b for a, b in spans):
        comment = line.find("//", comment + 1)
    if comment != -1:
        spans.append((comment, len(line)))
    return spans


def outside(spans, start, end):
    return not any(a < end and start < b for a, b in spans)


# Each operator: name, regex, replacement function (match -> text), and a guard on the line.
COMPARISONS = {"==": "!=", "!=": "==", "<=": "<", ">=": ">", "<": "<=", ">": ">="}


def operators():
    ops = []
    # A comparison flipped or off by one (== and != swapped, < and <= swapped...). Template
    # brackets, ->, <<, >> and the <...> of includes are not comparisons.
    ops.append(("comparison", re.compile(r"(?<![<>=!-])(==|!=|<=|>=|<|>)(?![<>=])"),
                lambda m: COMPARISONS[m.group(1)], lambda line, m: comparison_context(line, m)))
    ops.append(("and-or", re.compile(r"&&|\|\|"),
                lambda m: "||" if m.group(0) == "&&" else "&&", None))
    # A condition negated.
    ops.append(("negate-if", re.compile(r"\b(if|while) \((.*)\)(\s*\{?\s*)$"),
                lambda m: f"{m.group(1)} (!({m.group(2)})){m.group(3)}",
                lambda line, m: balanced(m.group(2))))
    ops.append(("negate-not", re.compile(r"(?<![!=])!(?!=)(?=[A-Za-z_(])"), lambda m: "",
                None))
    # A return value swapped.
    ops.append(("return-bool", re.compile(r"\breturn (true|false);"),
                lambda m: "return " + ("false" if m.group(1) == "true" else "true") + ";", None))
    # A constant changed by one.
    ops.append(("constant", re.compile(r"(?<![\w.])(\d+)(?![\w.'])"),
                lambda m: str(int(m.group(1)) + 1) if m.group(1) != "1" else "0",
                lambda line, m: not re.search(r"\[\s*$", line[:m.start()])))
    # A statement dropped: a call or an assignment on a line of its own, a continue or break.
    ops.append(("drop-statement",
                re.compile(r"^(\s*)((?:[\w:.>-]+(?:\(.*\))?\s*(?:\+\+|--|[-+|&]?=\s*[^=].*|\(.*\)))"
                           r"|continue|break|\+\+[\w.>-]+);\s*$"),
                lambda m: m.group(1) + ";", lambda line, m: droppable(line)))
    ops.append(("drop-return", re.compile(r"^(\s*)if \((.*)\) return (.*);\s*$"),
                lambda m: m.group(1) + f"if ({m.group(2)}) {{}}",
                lambda line, m: balanced(m.group(2))))
    return ops


def balanced(text):
    depth = 0
    for c in text:
        depth += c == "("
        depth -= c == ")"
        if depth < 0:
            return False
    return depth == 0


def comparison_context(line, m):
    op = m.group(1)
    before, after = line[:m.start()], line[m.end():]
    if op in ("<", ">"):
        # Templates (std::vector<int>, static_cast<...>(...)), includes, arrows, streams.
        if re.search(r"[\w:]\s*$", before) and re.match(r"\s*[\w:]+\s*[,>*&]", after) and op == "<":
            return False
        if op == ">" and re.search(r"[\w:>*&]\s*$", before) and re.match(r"\s*[(&*\w:]*\s*[({]", after):
            return False
        if "template" in line or "#include" in line or "static_cast" in line or "reinterpret_cast" in line:
            return False
        if re.search(r"\bstd::\w+<[^>]*$", before):
            return False
    return True


def droppable(line):
    s = line.strip()
    if s.startswith(("return", "case ", "default", "const ", "auto ", "std::", "using ", "}", "{")):
        return s.startswith("std::") and "=" not in s.split("(")[0] and not re.match(r"std::\w+(<.*>)?\s+\w", s)
    if re.match(r"[\w:<>,\s*&]+\s+[\w]+\s*(=|\{|\()", s) and not re.match(r"[\w.>-]+\s*[-+|&]?=", s):
        return False  # a declaration
    return True


def candidates(files):
    ops = operators()
    out = []
    for path in files:
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        in_block_comment = False
        for i, line in enumerate(lines):
            if in_block_comment:
                if "*/" in line:
                    in_block_comment = False
                continue
            if line.strip().startswith("/*") and "*/" not in line:
                in_block_comment = True
                continue
            if code_part(line) is None:
                continue
            spans = string_spans(line)
            for name, rx, repl, guard in ops:
                for m in rx.finditer(line):
                    if not outside(spans, m.start(), m.end()):
                        continue
                    if guard is not None and not guard(line, m):
                        continue
                    mutated = line[:m.start()] + repl(m) + line[m.end():]
                    if mutated != line:
                        out.append(Mutant(rel, i + 1, name, line, mutated))
    return out


def run(cmd, timeout=None, **kw):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, **kw)


def build(build_dir):
    return run(["cmake", "--build", build_dir, "-j2", "--target", "tsimport_tests", "tsimport"])


def test(build_dir, excluded, timeout):
    binary = os.path.join(build_dir, "tests", "tsimport_tests")
    spec = ",".join(f"~\"{e}\"" if " " in e else f"~{e}" for e in excluded)
    cmd = [binary, "--abort", "--reporter", "compact"]
    if spec:
        cmd.append(spec)
    env = dict(os.environ)
    env.pop("TSIMPORT_TEST_RUN_LOG", None)
    try:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, env=env, start_new_session=True)
        out, _ = p.communicate(timeout=timeout)
        return ("passed" if p.returncode == 0 else "failed"), out
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return "timeout", ""


def first_failure(output):
    """The failure that stopped the run (--abort): the last one reported (a [!mayfail] test's
    failures, reported before it, kill nothing)."""
    found = ""
    for line in output.splitlines():
        if "but was ok" in line:
            continue
        if "failed:" in line or "FAILED" in line:
            found = line.strip()[:200]
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--timeout", type=int, default=240)
    ap.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    ap.add_argument("--exclude-tests", nargs="*", default=DEFAULT_EXCLUDED)
    ap.add_argument("--report")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()

    build_dir = os.path.join(ROOT, args.build) if not os.path.isabs(args.build) else args.build
    files = sorted({p for g in args.files for p in glob.glob(os.path.join(ROOT, g))})
    pool = candidates(files)
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    report_path = args.report or os.path.join(build_dir, "mutate-report.md")
    print(f"{len(pool)} candidate mutants in {len(files)} files; seed {args.seed}", flush=True)
    if args.list:
        for m in pool[:args.count]:
            print(f"{m.ident()}\n  - {m.original.strip()}\n  + {m.mutated.strip()}")
        return 0

    originals = {}
    results = []  # (mutant, verdict, seconds, detail)

    def restore():
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

    def interrupted(signum, frame):
        restore()
        sys.exit(130)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)

    # The baseline: the suite passes unmutated (a failing suite kills every mutant).
    b = build(build_dir)
    if b.returncode != 0:
        print(b.stdout[-3000:])
        print("the unmutated build fails")
        return 1
    t0 = time.time()
    verdict, out = test(build_dir, args.exclude_tests, args.timeout)
    print(f"unmutated suite: {verdict} in {time.time() - t0:.0f}s", flush=True)
    if verdict != "passed":
        print(out[-3000:])
        return 1

    wanted = set(args.only or [])
    queue = [m for m in pool if not wanted or m.ident() in wanted]
    taken = 0
    try:
        for m in queue:
            if taken >= args.count:
                break
            path = os.path.join(ROOT, m.file)
            if path not in originals:
                with open(path, encoding="utf-8") as f:
                    originals[path] = f.read()
            lines = originals[path].split("\n")
            assert lines[m.line - 1] == m.original
            lines[m.line - 1] = m.mutated
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            start = time.time()
            try:
                b = build(build_dir)
                if b.returncode != 0:
                    print(f"stillborn {m.ident()} (does not compile): drawn again", flush=True)
                    continue
                taken += 1
                verdict, out = test(build_dir, args.exclude_tests, args.timeout)
                seconds = time.time() - start
                killed = verdict != "passed"
                detail = first_failure(out) if verdict == "failed" else verdict
                results.append((m, "killed" if killed else "survived", seconds, detail))
                print(f"[{taken}/{args.count}] {'killed  ' if killed else 'SURVIVED'} {m.ident()} "
                      f"({seconds:.0f}s) {detail[:120]}", flush=True)
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(originals[path])
    finally:
        restore()
        write_report(report_path, args, results, len(pool))
        print("rebuilding with the sources restored...", flush=True)
        build(build_dir)
    killed = sum(1 for r in results if r[1] == "killed")
    print(f"{killed} of {len(results)} mutants killed ({100.0 * killed / max(len(results), 1):.1f} %); "
          f"report: {report_path}")
    return 0


def write_report(path, args, results, pool_size):
    killed = [r for r in results if r[1] == "killed"]
    survived = [r for r in results if r[1] == "survived"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Mutation report\n\nseed {args.seed}, {len(results)} mutants run of {args.count} "
                f"sampled from {pool_size} candidates; per-mutant timeout {args.timeout}s; "
                f"tests left out: {', '.join(args.exclude_tests) or 'none'}\n\n")
        f.write(f"**{len(killed)} killed, {len(survived)} survived "
                f"({100.0 * len(killed) / max(len(results), 1):.1f} %)**\n\n")
        f.write("## Survivors\n\n")
        for m, _, _, _ in survived:
            f.write(f"### {m.ident()}\n\n```diff\n{m.diff()}```\n\n")
        f.write("## All mutants\n\n| mutant | verdict | seconds | first failure |\n|---|---|---|---|\n")
        for m, verdict, seconds, detail in results:
            f.write(f"| `{m.ident()}` | {verdict} | {seconds:.0f} | {detail.replace('|', '/')[:100]} |\n")


if __name__ == "__main__":
    sys.exit(main())
