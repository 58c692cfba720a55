#!/usr/bin/env python3
"""Regenerates the corpus goldens (tests/corpus/*.tsv) and prints a reviewable summary.

The goldens hold, for every task sequence of ../shared/corpus and ../shared/corpus-zips, its
ReturnValue, exit status and counts (results.tsv), its diagnostics as rule, severity, line and
count (diagnostics.tsv), and a digest of each output format (digests.tsv); never any content of
the corpus. tests/corpus_test.cpp compares them exactly.

Usage (from anywhere; the build must be up to date):
  scripts/update-corpus-goldens.py [--build build] [--base REV] [--dry-run]
    --build DIR  the build directory holding tests/tsimport_tests (default: build)
    --base REV   compare with the goldens of a git revision (default: the files as they are)
    --dry-run    print the summary, leave the goldens as they were

The summary says which task sequences changed and how: their results (ReturnValue, exit status,
counts), which output formats, which rules appeared or went (and which only moved lines); then
the rules that appeared or went over the whole corpus, and how many task sequences changed in
each format. Review it (and `git diff tests/corpus`) before committing.
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDENS = os.path.join(ROOT, "tests", "corpus")
TABLES = ("results.tsv", "diagnostics.tsv", "digests.tsv")
TEST = "corpus goldens*"


def read_rows(text):
    rows = []
    header = None
    for line in text.splitlines():
        if line.startswith("#"):
            header = line[1:].strip().split("\t")
            continue
        if line:
            rows.append(line.split("\t"))
    return header, rows


def load(files):
    """files: table name -> text. Returns (results, diagnostics, digests, formats)."""
    _, results = read_rows(files.get("results.tsv", ""))
    _, diags = read_rows(files.get("diagnostics.tsv", ""))
    header, digests = read_rows(files.get("digests.tsv", ""))
    formats = header[1:] if header else []
    res = {r[0]: r[1:] for r in results}
    dia = collections.defaultdict(list)  # input -> [(rule, severity, line, count)]
    for r in diags:
        dia[r[0]].append((r[1], r[2], int(r[3]), int(r[4])))
    dig = {r[0]: dict(zip(formats, r[1:])) for r in digests}
    return res, dia, dig, formats


def read_working_tree():
    files = {}
    for t in TABLES:
        p = os.path.join(GOLDENS, t)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                files[t] = f.read()
    return files


def read_revision(rev):
    files = {}
    for t in TABLES:
        out = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:tests/corpus/{t}"],
                             capture_output=True, text=True)
        if out.returncode == 0:
            files[t] = out.stdout
    return files


def rule_counts(diags):
    """(rule, severity) -> count of diagnostics."""
    c = collections.Counter()
    for rule, sev, _line, n in diags:
        c[(rule, sev)] += n
    return c


RESULT_FIELDS = ("ReturnValue", "exit", "groups", "steps", "errors", "warnings", "infos")


def summarise(old, new):
    o_res, o_dia, o_dig, _ = old
    n_res, n_dia, n_dig, formats = new
    inputs_old, inputs_new = set(o_res), set(n_res)
    added = sorted(inputs_new - inputs_old)
    removed = sorted(inputs_old - inputs_new)
    lines = []
    changed = 0
    per_format = collections.Counter()
    corpus_old, corpus_new = collections.Counter(), collections.Counter()
    files_old, files_new = collections.Counter(), collections.Counter()
    for key in sorted(inputs_old | inputs_new):
        ro, rn = rule_counts(o_dia.get(key, [])), rule_counts(n_dia.get(key, []))
        corpus_old.update(ro)
        corpus_new.update(rn)
        files_old.update(ro.keys())
        files_new.update(rn.keys())
        if key in added or key in removed:
            continue
        notes = []
        if o_res[key] != n_res[key]:
            diffs = [f"{f} {a} -> {b}" for f, a, b in zip(RESULT_FIELDS, o_res[key], n_res[key])
                     if a != b]
            notes.append("results: " + ", ".join(diffs))
        fmts = [f for f in formats if o_dig.get(key, {}).get(f) != n_dig.get(key, {}).get(f)]
        per_format.update(fmts)
        if fmts:
            notes.append("outputs: " + ", ".join(fmts))
        rules = []
        for rs in sorted(set(ro) | set(rn)):
            a, b = ro.get(rs, 0), rn.get(rs, 0)
            if a != b:
                sign = "+" if b > a else "-"
                rules.append(f"{sign} {rs[0]} {rs[1]} {a} -> {b}")
        if rules:
            notes.append("rules: " + "; ".join(rules))
        elif sorted(o_dia.get(key, [])) != sorted(n_dia.get(key, [])):
            moved = sorted({d[0] for d in set(o_dia.get(key, [])) ^ set(n_dia.get(key, []))})
            notes.append("lines moved: " + ", ".join(moved))
        if notes:
            changed += 1
            lines.append("  " + key)
            lines.extend("    " + n for n in notes)
    out = [f"corpus goldens: {len(inputs_new)} task sequences (were {len(inputs_old)}); "
           f"{changed} changed, {len(added)} added, {len(removed)} removed"]
    for key in added:
        out.append(f"  added   {key}")
    for key in removed:
        out.append(f"  removed {key}")
    if lines:
        out.append("changed:")
        out.extend(lines)
    rule_lines = []
    for rs in sorted(set(corpus_old) | set(corpus_new)):
        a, b = corpus_old.get(rs, 0), corpus_new.get(rs, 0)
        if a == b and files_old.get(rs, 0) == files_new.get(rs, 0):
            continue
        what = "appeared" if a == 0 else "went" if b == 0 else "changed"
        rule_lines.append(f"  {rs[0]} {rs[1]}: {what}, {a} -> {b} diagnostics, in "
                          f"{files_old.get(rs, 0)} -> {files_new.get(rs, 0)} task sequences")
    out.append("rules over the corpus:" + ("" if rule_lines else " unchanged"))
    out.extend(rule_lines)
    out.append("task sequences changed per output format: " +
               ", ".join(f"{f} {per_format.get(f, 0)}" for f in formats))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--base", help="git revision whose goldens to compare with")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    build = args.build if os.path.isabs(args.build) else os.path.join(ROOT, args.build)
    binary = os.path.join(build, "tests", "tsimport_tests")
    if not os.path.exists(binary):
        sys.exit(f"no {binary}: build first (cmake --build {args.build} -j2)")
    if not os.path.isdir(os.path.join(ROOT, "..", "shared", "corpus")):
        sys.exit("no ../shared/corpus beside the repository: the goldens cannot be regenerated")
    before = read_working_tree()
    old = read_revision(args.base) if args.base else before
    backup = tempfile.mkdtemp(prefix="corpus-goldens-")
    for t, text in before.items():
        with open(os.path.join(backup, t), "w", encoding="utf-8") as f:
            f.write(text)
    env = dict(os.environ, TSIMPORT_UPDATE_GOLDEN="1")
    run = subprocess.run([binary, TEST], cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        sys.exit("regenerating the goldens failed")
    after = read_working_tree()
    print(summarise(load(old), load(after)))
    if args.dry_run:
        for t in TABLES:
            p = os.path.join(backup, t)
            if os.path.exists(p):
                shutil.copyfile(p, os.path.join(GOLDENS, t))
        print("(dry run: the goldens were left as they were)")
    shutil.rmtree(backup)


if __name__ == "__main__":
    main()
