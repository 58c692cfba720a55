#!/usr/bin/env python3
"""Whole-process timings and the results table of the benchmark (bench/run.sh runs this).

Commands compared on the same files run in turns (A B C A B C ...), so that a change of load
on the machine during the run falls on all of them alike; each is timed by its wall clock and
the table shows medians. Peak RSS comes from /usr/bin/time -v. The in-process numbers come
from the Google Benchmark JSON report given with --gbench.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ET_SCRIPT = (
    "import sys, xml.etree.ElementTree as ET\n"
    "for f in sys.argv[1:]:\n"
    "    try:\n"
    "        ET.parse(f)\n"
    "    except Exception:\n"
    "        pass\n"
)


def run_once(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code < 0 or (code > 6 and os.path.basename(cmd[0]) == "tsimport"):
        sys.exit(f"compare.py: {' '.join(cmd[:4])}... ended with status {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def interleaved(commands, runs, warmup=1, minima=None):
    """Medians of wall time (and CPU time) for each named command, run in turns; the fastest
    wall times go into `minima` when given."""
    for _ in range(warmup):
        for _, cmd in commands:
            run_once(cmd)
    wall = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, cmd in commands:
            w, c = run_once(cmd)
            wall[name].append(w)
            cpu[name].append(c)
    if minima is not None:
        minima.update({n: min(v) for n, v in wall.items()})
    return ({n: statistics.median(v) for n, v in wall.items()},
            {n: statistics.median(v) for n, v in cpu.items()})


def peak_rss_kb(cmd):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=False).stderr
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out)
    return int(m.group(1)) if m else None


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def mb(n):
    return f"{n / 1e6:.1f} MB"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, ours, theirs, ratio, target, met):
        self.rows.append((what, ours, theirs, ratio, target, "-" if met is None else "yes" if met else "**no**"))

    def text(self):
        head = ("measure", "tsimport", "reference", "ratio", "target", "met")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            lines.append("| " + " | ".join(r) + " |")
        return "\n".join(lines)


def batch(table, label, files, args, runs):
    total = sum(os.path.getsize(f) for f in files)
    commands = [
        ("tsimport", [args.tsimport, "-j", "2", "-f", "none"] + files),
        ("tsimport -j 1", [args.tsimport, "-j", "1", "-f", "none"] + files),
        ("xmllint", ["xmllint", "--noout"] + files),
        ("python", [sys.executable, "-c", ET_SCRIPT] + files),
    ]
    wall, cpu = interleaved(commands, runs)
    what = f"{label} ({len(files)} files, {mb(total)}): `tsimport -j 2 -f none`"
    r = wall["tsimport"] / wall["xmllint"]
    table.add(what + " vs `xmllint --noout`", ms(wall["tsimport"]), ms(wall["xmllint"]),
              f"{r:.2f}x the time", "at most 0.6x", r <= 0.6)
    r = wall["python"] / wall["tsimport"]
    table.add(what + " vs Python ElementTree", ms(wall["tsimport"]), ms(wall["python"]),
              f"{r:.1f}x faster", "at least 3x faster", r >= 3)
    # CPU time (user + system, all threads): what the run costs whatever the machine lends it.
    r = cpu["tsimport -j 1"] / cpu["xmllint"]
    table.add(f"{label}: CPU time of `tsimport -j 1` vs `xmllint` (for reference)", ms(cpu["tsimport -j 1"]),
              ms(cpu["xmllint"]), f"{r:.2f}x", "-", None)
    return {"wall": wall, "cpu": cpu, "bytes": total, "files": len(files)}


def parallel_capacity():
    """How many CPUs this run really gets: two concurrent CPU-bound processes against one."""
    code = "s=0\nfor i in range(3000000): s+=i"
    def one():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=False)
        return time.perf_counter() - t
    def two():
        t = time.perf_counter()
        ps = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
        for p in ps:
            p.wait()
        return time.perf_counter() - t
    a = statistics.median(one() for _ in range(3))
    b = statistics.median(two() for _ in range(3))
    return 2 * a / b


def in_process(table, gbench_path, inputs):
    with open(gbench_path) as f:
        report = json.load(f)
    med = {}
    fastest = {}  # each benchmark's fastest repetition (aggregate "min", import_bench.cpp)
    paired = {}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") not in (None, "median", "min"):
            continue
        name = b.get("run_name", b["name"])
        # cpu_time: the benchmark's own thread, whatever else the machine runs.
        if b.get("aggregate_name") == "min":
            fastest[name] = (b["cpu_time"], b["real_time"], b.get("time_unit", "ns"))
            continue
        med[name] = (b["cpu_time"], b["real_time"], b.get("time_unit", "ns"))
        if b.get("import_ratio", 0) > 0:  # paired/<file>: ratios within each turn (import_bench.cpp)
            paired[name.partition("/")[2]] = (b["import_ratio"], b["json_ratio"])
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    files = []
    # In the order the files were given (the report interleaves them at random).
    for name in sorted(med, key=lambda n: (inputs.index(n.partition("/")[2]) if n.partition("/")[2] in inputs else 99)):
        kind, _, label = name.partition("/")
        if kind == "parse" and label not in files:
            files.append(label)
    out = {}
    for label in files:
        # The separate runs of each side are judged on their fastest repetitions: on this VM
        # their medians swung from 0.98x to 1.60x at 1 MB from one run of the same binary to
        # the next (the parse's repetitions 3.1 to 4.6 ms within a run), their fastest 1.21x to
        # 1.23x (docs/performance.md, "Stop 33"). The medians stay in the table, for reference.
        runs = fastest if ("import/" + label) in fastest else med
        p = runs.get("parse/" + label)
        i = runs.get("import/" + label)
        il = runs.get("import+lint/" + label)
        j = runs.get("json/" + label)
        if not (p and i and j and il):
            continue
        ps, is_, ils, js = (x[0] * unit[x[2]] for x in (p, i, il, j))
        how = ", fastest repetition of each" if runs is fastest else ""
        short = label if len(label) <= 40 else label[:37] + "..."
        # An object.xml holds its sequence as the text of a property: a bare parse leaves it one
        # text node, which any import has to parse as well. Its reference is tinyxml2 parsing
        # both documents; the bare parse is shown beside it.
        nested = runs.get("parse-nested/" + label)
        ref_name = "tinyxml2 parse"
        bare = None
        if nested:
            bare = ps
            ps = nested[0] * unit[nested[2]]
            ref_name = "tinyxml2 parse of it and of the sequence in it"
        r = is_ / ps
        table.add(f"in process, `{short}`: import (decode, parse, build, validate) vs {ref_name}{how}",
                  ms(is_), ms(ps), f"{r:.2f}x", "at most 1.25x", r <= 1.25)
        if bare is not None:
            r = is_ / bare
            table.add(f"in process, `{short}`: import vs tinyxml2's bare parse of object.xml "
                      "(the sequence a text node to it; for reference)",
                      ms(is_), ms(bare), f"{r:.2f}x", "-", None)
        r = ils / ps
        table.add(f"in process, `{short}`: import and lint (as the command line) vs {ref_name}",
                  ms(ils), ms(ps), f"{r:.2f}x", "-", None)
        r = js / ps
        table.add(f"in process, `{short}`: JSON writing vs {ref_name}{how}", ms(js), ms(ps),
                  f"{r:.2f}x", "at most 0.5x", r <= 0.5)
        if runs is fastest:
            mp = med.get("parse-nested/" + label) or med.get("parse/" + label)
            mi, mj = med.get("import/" + label), med.get("json/" + label)
            if mp and mi and mj:
                mps, mis, mjs = (x[0] * unit[x[2]] for x in (mp, mi, mj))
                table.add(f"in process, `{short}`: import, and JSON writing, vs {ref_name}, "
                          "medians of the repetitions (for reference)",
                          f"{ms(mis)}; {ms(mjs)}", ms(mps),
                          f"{mis / mps:.2f}x; {mjs / mps:.2f}x", "-", None)
        # The same ratios within each turn of parse, import and JSON writing (the median of the
        # turns' ratios): the machine's speed drifts less within a turn than between the separate
        # runs above. Both are shown and judged; neither replaces the other.
        pr = paired.get(label)
        if pr:
            table.add(f"in process, `{short}`: import vs {ref_name}, paired turns",
                      "-", "-", f"{pr[0]:.2f}x", "at most 1.25x", pr[0] <= 1.25)
            table.add(f"in process, `{short}`: JSON writing vs {ref_name}, paired turns",
                      "-", "-", f"{pr[1]:.2f}x", "at most 0.5x", pr[1] <= 0.5)
        out[label] = {"parse": ps, "import": is_, "import_lint": ils, "json": js}
        if pr:
            out[label]["paired_import_ratio"], out[label]["paired_json_ratio"] = pr
        if bare is not None:
            out[label]["bare_parse"] = bare
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tsimport", required=True)
    ap.add_argument("--corpus", nargs="*", default=[])
    ap.add_argument("--generated", nargs="*", default=[])
    ap.add_argument("--small", help="the 2 KB input for start-up")
    ap.add_argument("--big", help="the 100 MB input for peak RSS")
    ap.add_argument("--gbench", help="Google Benchmark JSON report")
    ap.add_argument("--gbench-inputs", nargs="*", default=[], help="its inputs, in the order to show them")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--startup-runs", type=int, default=100)
    ap.add_argument("--json", help="write the raw numbers here")
    args = ap.parse_args()

    table = Table()
    raw = {}
    if args.corpus:
        raw["corpus"] = batch(table, "corpus", args.corpus, args, args.runs)
    if args.generated:
        raw["generated"] = batch(table, "generated", args.generated, args, args.runs)
    if args.gbench:
        raw["in_process"] = in_process(table, args.gbench, [os.path.basename(f) for f in args.gbench_inputs])
    if args.small:
        size = os.path.getsize(args.small)
        fastest = {}
        wall, cpu = interleaved([("tsimport", [args.tsimport, "-f", "none", args.small]),
                                 ("xmllint", ["xmllint", "--noout", args.small])], args.startup_runs, warmup=3,
                                minima=fastest)
        # Paired, median against median (issue #18: at most 1.2x xmllint; PRODUCT.md: a few ms).
        ratio = wall["tsimport"] / wall["xmllint"]
        fine = lambda s: f"{s * 1000:.2f} ms"  # noqa: E731 (tenths of a ms hide the ratio)
        table.add(f"start-up plus a {size / 1000:.1f} KB input (`tsimport -f none` vs `xmllint --noout`, "
                  f"median of {args.startup_runs} paired runs; fastest)",
                  f"{fine(wall['tsimport'])}; {fine(fastest['tsimport'])}",
                  f"{fine(wall['xmllint'])}; {fine(fastest['xmllint'])} (xmllint)", f"{ratio:.2f}x",
                  "at most 1.2x, a few ms", ratio <= 1.2 and wall["tsimport"] < 0.005)
        raw["startup"] = {"wall": wall, "cpu": cpu, "fastest": fastest, "bytes": size}
    if args.big:
        size = os.path.getsize(args.big)
        rss = peak_rss_kb([args.tsimport, "-f", "none", args.big])
        ref = peak_rss_kb(["xmllint", "--noout", args.big])
        if rss is not None:
            r = rss * 1024 / size
            table.add(f"peak RSS, {mb(size)} generated sequence (`/usr/bin/time -v`)", mb(rss * 1024),
                      (mb(ref * 1024) + " (xmllint)") if ref else "-", f"{r:.2f}x the input",
                      "at most 4x", r <= 4)
        raw["rss"] = {"tsimport_kb": rss, "xmllint_kb": ref, "bytes": size}
    print(table.text())
    capacity = parallel_capacity()
    load = open("/proc/loadavg").read().split()[:3]
    print(f"\nCPUs this run could use: {capacity:.1f} of {os.cpu_count()} (two concurrent CPU-bound processes "
          f"against one); load average {' '.join(load)}.")
    raw["cpus_available"] = capacity
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=2)


if __name__ == "__main__":
    main()
