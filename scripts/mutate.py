#!/usr/bin/env python3
"""Mutation testing of tsimport's decision logic: plants one realistic one-line bug at a time in
the core (and the command line's exit-code logic), rebuilds incrementally, runs the test suite
with a timeout per mutant, and reports which mutants the suite killed and which survived, with
the diff of each survivor.

Usage (from anywhere; the build directory must be configured and built once):
  scripts/mutate.py [--build build] [--seed 22] [--count 60] [--timeout 300] [--jobs 2]
                    [--files GLOB...] [--exclude-tests PATTERN...] [--report FILE]
                    [--list] [--only ID...]

  --build DIR       the build directory (default build); its tsimport_tests and tsimport are
                    rebuilt after each mutation (one object, then the links), and once more at
                    the end with the sources restored
  --seed N          the seed of the sample (default 22): the same seed and sources give the
                    same mutants
  --count N         how many mutants to sample (default 60)
  --timeout S       seconds a mutant's test run may take (default 300). Past it, the mutant
                    counts as killed (a hang) only if the unmutated suite took at most a third of
                    S; otherwise its verdict is left open ("timeout" in the report)
  --jobs N          test processes run side by side (default 2; the suite is parallel-safe:
                    .ci/run runs it with ctest -j2)
  --exclude-tests   test case names (wildcards *) left out of each run (default: the few slow
                    tests that measure time or size, which no decision-logic mutant needs: see
                    DEFAULT_EXCLUDED)
  --report FILE     where the report goes (default mutate-report.md in the build directory)
  --list            print the sampled mutants and stop
  --only ID...      run only these mutants of the sample (their IDs as --list prints them)

Each test case runs as a process of its own (as CTest runs them), --jobs at a time, and a
mutant's run stops at its first failing test case. The order only makes a failure come sooner:
first the test cases that already killed a mutant of the same source file in this run, then
those of the file's test files (RELATED_TESTS), then the rest, fastest first within each group
(the durations of the unmutated run, which the script runs first). A mutant is killed when a test
case fails with it (or the run times out, as --timeout says); it survives when every test case
passes, so a survivor has run the whole suite. A mutant that does not compile is dropped and
another is drawn in its place. The sources are restored after each mutant, and on Ctrl-C,
SIGTERM and SIGHUP. docs/testing.md has the last score.
"""
import argparse
import dataclasses
import difflib
import fnmatch
import glob
import os
import random
import re
import signal
import subprocess
import sys
import threading
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
    # Peak RSS of 200 and 2,000 inputs: under this script it failed for mutants that change no
    # memory (six of 120 in two samples, each surviving the suite without it), and never in 20
    # runs outside it (alone, beside ctest -j2, pinned to one busy CPU): a false kill is worse
    # here than a slow one (docs/testing.md).
    "hostile: many inputs*",
]


@dataclasses.dataclass
class Mutant:
    file: str
    line: int  # 1-based
    operator: str
    original: str
    mutated: str
    # A line can give one operator several mutants (two comparisons on it): the second and later
    # are told apart by their place on the line, "#2", "#3" (the first keeps the bare ID).
    variant: int = 1

    def ident(self):
        suffix = f"#{self.variant}" if self.variant > 1 else ""
        return f"{self.file}:{self.line}:{self.operator}{suffix}"

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
    # Variants in the order of the operators and of the places on the line.
    seen = {}
    for m in out:
        key = (m.file, m.line, m.operator)
        seen[key] = seen.get(key, 0) + 1
        m.variant = seen[key]
    return out


def run(cmd, timeout=None, **kw):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, **kw)


def build(build_dir):
    return run(["cmake", "--build", build_dir, "-j2", "--target", "tsimport_tests", "tsimport"])


# The test files that exercise each mutated file most directly: their test cases run first (after
# the test cases that already killed a mutant of the same file in this run). The order changes
# only how soon a failure is found, never the verdict: a survivor has run every test case.
RELATED_TESTS = {
    "validate": ["validate_test", "boundary_test", "behaviours_test"],
    "lint": ["lint_test", "behaviours_test"],
    "builder": ["parse_test", "boundary_test", "behaviours_test", "golden_test"],
    "decode": ["decode_test", "xml_reader_test"],
    "zip": ["shapes_test"],
    "scan": ["decode_test", "parse_test", "xml_reader_test"],
    "redact": ["leak_test", "writers_test"],
    "import": ["shapes_test", "behaviours_test", "cli_test"],
    "runner": ["cli_test", "ci_gate_test", "batch_test"],
}


def spec_of(name):
    """A Catch2 v2 test spec that matches exactly the test case called name."""
    out = "".join("\\" + c if c in '\\,[]"' else c for c in name)
    return "\\" + out if out.startswith(("~", " ")) else out


class Suite:
    """The test binary's test cases, each run as a process of its own (as CTest runs them), up to
    `jobs` at a time, in an order chosen per mutant, stopping at the first failure."""

    def __init__(self, build_dir, excluded, jobs):
        self.binary = os.path.join(build_dir, "tests", "tsimport_tests")
        self.jobs = jobs
        names = run([self.binary, "--list-test-names-only"]).stdout.splitlines()
        names = [n for n in names if n.strip()]
        self.excluded = [n for n in names if any(fnmatch.fnmatchcase(n.lower(), e.lower()) for e in excluded)]
        self.names = [n for n in names if n not in self.excluded]
        self.durations = {}
        self.file_of = {}
        for path in sorted(glob.glob(os.path.join(ROOT, "tests", "*_test.cpp"))):
            stem = os.path.splitext(os.path.basename(path))[0]
            listed = run([self.binary, "-#", f"[#{stem}]", "--list-test-names-only"]).stdout
            for n in listed.splitlines():
                if n.strip():
                    self.file_of[n] = stem
        self.killers = {}  # mutated file -> test cases that killed one of its mutants, in order
        self.env = dict(os.environ)
        self.env.pop("TSIMPORT_TEST_RUN_LOG", None)
        self.lock = threading.Lock()
        self.running = set()

    def order(self, mutated_file):
        """Test cases that killed a mutant of the same file first, then those of its test files,
        then the rest; fastest first within each group (durations of the unmutated run)."""
        stem = os.path.splitext(os.path.basename(mutated_file))[0]
        related = set(RELATED_TESTS.get(stem, [stem + "_test"]))
        killers = self.killers.get(mutated_file, [])
        rank = {n: i for i, n in enumerate(killers)}
        def key(n):
            group = 0 if n in rank else (1 if self.file_of.get(n) in related else 2)
            return (group, rank.get(n, 0), self.durations.get(n, 1e9), n)
        return sorted(self.names, key=key)

    def kill_all(self):
        with self.lock:
            for p in list(self.running):
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def run(self, order, timeout, record=False):
        """Runs the test cases in order, `jobs` at a time, until one fails or the time is up.
        Returns (verdict, failing test case, its output): verdict is passed, failed or timeout."""
        deadline = time.time() + timeout
        queue = list(reversed(order))
        state = {"verdict": "passed", "name": "", "output": ""}

        def worker():
            while True:
                with self.lock:
                    if state["verdict"] != "passed" or not queue:
                        return
                    name = queue.pop()
                left = deadline - time.time()
                if left <= 0:
                    with self.lock:
                        if state["verdict"] == "passed":
                            state.update(verdict="timeout", name=name)
                    self.kill_all()
                    return
                cmd = [self.binary, spec_of(name), "--abort", "--warn", "NoTests", "--reporter",
                       "compact"]
                started = time.time()
                p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, env=self.env,
                                     errors="replace", start_new_session=True)
                with self.lock:
                    self.running.add(p)
                try:
                    out, _ = p.communicate(timeout=left)
                    verdict = "passed" if p.returncode == 0 else "failed"
                except subprocess.TimeoutExpired:
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    out, _ = p.communicate()
                    verdict = "timeout"
                with self.lock:
                    self.running.discard(p)
                    if record:
                        self.durations[name] = time.time() - started
                    if verdict != "passed" and state["verdict"] == "passed":
                        state.update(verdict=verdict, name=name, output=out)
                if verdict != "passed":
                    self.kill_all()
                    return

        threads = [threading.Thread(target=worker) for _ in range(self.jobs)]
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.5)
        # A process killed because another failed first reports nothing: the first failure wins.
        return state["verdict"], state["name"], state["output"]


def first_failure(output):
    """The failure that stopped the test case (--abort): the last one reported (a [!mayfail]
    test's failures, reported before it, kill nothing)."""
    found = ""
    for line in output.splitlines():
        if "but was ok" in line:
            continue
        if "failed:" in line or "FAILED" in line:
            found = line.strip()[:200]
    return found or output.strip()[-200:]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
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
    suite = None

    def restore():
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

    def interrupted(signum, frame):
        if suite is not None:
            suite.kill_all()
        restore()
        sys.exit(130)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    # The baseline: the suite passes unmutated (a failing suite kills every mutant), and how long
    # each test case takes (the order of the mutants' runs).
    b = build(build_dir)
    if b.returncode != 0:
        print(b.stdout[-3000:])
        print("the unmutated build fails")
        return 1
    suite = Suite(build_dir, args.exclude_tests, args.jobs)
    t0 = time.time()
    verdict, name, out = suite.run(sorted(suite.names), args.timeout, record=True)
    baseline = time.time() - t0
    print(f"unmutated suite: {len(suite.names)} test cases ({len(suite.excluded)} left out), "
          f"{args.jobs} at a time: {verdict} in {baseline:.0f}s", flush=True)
    if verdict != "passed":
        print(f"{name}:\n{out[-3000:]}")
        return 1
    # A mutant whose run passes the timeout counts as killed (a hang) only when the unmutated
    # suite takes at most a third of it; otherwise the verdict is left open ("timeout").
    timeout_kills = baseline * 3 <= args.timeout
    if not timeout_kills:
        print(f"warning: the unmutated suite takes more than a third of --timeout {args.timeout}s: "
              "a mutant that times out is reported as such, neither killed nor survived", flush=True)

    wanted = set(args.only or [])
    queue = [m for m in pool if not wanted or m.ident() in wanted]
    if wanted:
        unknown = wanted - {m.ident() for m in queue}
        if unknown:
            print(f"no such mutant: {', '.join(sorted(unknown))} (--list prints the IDs)",
                  file=sys.stderr)
            return 2
        args.count = len(queue)  # each one once, the sample's size aside
    taken = 0
    run_start = time.time()
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
                built = time.time() - start
                verdict, name, out = suite.run(suite.order(m.file), args.timeout)
                seconds = time.time() - start
                if verdict == "failed":
                    outcome, detail = "killed", f"{name}: {first_failure(out)}"
                    suite.killers.setdefault(m.file, []).append(name)
                elif verdict == "timeout":
                    outcome = "killed" if timeout_kills else "timeout"
                    detail = f"timeout ({args.timeout}s; unmutated suite {baseline:.0f}s), in {name}"
                else:
                    outcome, detail = "survived", "passed"
                results.append((m, outcome, seconds, detail))
                print(f"[{taken}/{args.count}] {'SURVIVED' if outcome == 'survived' else outcome:8} "
                      f"{m.ident()} ({seconds:.0f}s, build {built:.0f}s) {detail[:150]}", flush=True)
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(originals[path])
    finally:
        restore()
        write_report(report_path, args, results, len(pool), baseline, time.time() - run_start)
        print("rebuilding with the sources restored...", flush=True)
        build(build_dir)
    killed = sum(1 for r in results if r[1] == "killed")
    print(f"{killed} of {len(results)} mutants killed ({100.0 * killed / max(len(results), 1):.1f} %) "
          f"in {time.time() - run_start:.0f}s; report: {report_path}")
    return 0


def write_report(path, args, results, pool_size, baseline, elapsed):
    killed = [r for r in results if r[1] == "killed"]
    survived = [r for r in results if r[1] == "survived"]
    open_ = [r for r in results if r[1] == "timeout"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Mutation report\n\nseed {args.seed}, {len(results)} mutants run of {args.count} "
                f"sampled from {pool_size} candidates in {elapsed:.0f}s; unmutated suite "
                f"{baseline:.0f}s ({args.jobs} test processes at a time); per-mutant timeout "
                f"{args.timeout}s; tests left out: {', '.join(args.exclude_tests) or 'none'}\n\n")
        f.write(f"**{len(killed)} killed, {len(survived)} survived"
                + (f", {len(open_)} timed out with the verdict left open" if open_ else "")
                + f" ({100.0 * len(killed) / max(len(results), 1):.1f} %)**\n\n")
        f.write("## Survivors\n\n")
        for m, _, _, _ in survived + open_:
            f.write(f"### {m.ident()}\n\n```diff\n{m.diff()}```\n\n")
        f.write("## All mutants\n\n| mutant | verdict | seconds | first failure |\n|---|---|---|---|\n")
        for m, verdict, seconds, detail in results:
            f.write(f"| `{m.ident()}` | {verdict} | {seconds:.0f} | {detail.replace('|', '/')[:160]} |\n")


if __name__ == "__main__":
    sys.exit(main())
