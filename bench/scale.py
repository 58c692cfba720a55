#!/usr/bin/env python3
"""The scaling table of the benchmark (bench/run.sh runs this; docs/performance.md keeps it).

Each row runs one command on a smaller and a larger amount of work, in turns (small, large,
small, large...) after a warm-up of each, and compares the medians: time (CPU time of the
process, user + system, and its wall clock) and peak RSS (ru_maxrss of the process).

Targets, PRODUCT.md section 9 and issue 17: time grows at most 1.2x as fast as the work (10x the
work at most 12x the time); over many inputs peak RSS stays within 1.5x of the RSS for a tenth
as many; for one large generated sequence peak RSS is at most 4x the input. Time ratios use CPU
time: on a machine shared with other work the wall clock also counts the waits for a CPU (both
are shown). The ratio of the work is that of the inputs' bytes.

  scale.py --tsimport BIN --once BIN --data DIR [--runs N] [--quick] [--json OUT]
           [--before-tsimport BIN --before-once BIN] [--only TEXT] [--skip TEXT]

--before-tsimport (and --before-once) run another build in the same turns, for a paired
before/after table; --only and --skip pick rows by their case or inputs.

DIR holds what bench/run.sh generates: many-100/, many-1k/ and many-10k/ (the first 100 and
1,000 of the 10,000 files, the same files), gen-2k.xml, gen-1m.xml, gen-10m.xml, gen-100m.xml, steps-10k.xml, steps-40k.xml,
elements-200k.xml, elements-2m.xml. --quick leaves out the 10,000 inputs and the 100 MB rows.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def run_once(cmd, before=None):
    if before:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code < 0 or code > 6:
        sys.exit(f"scale.py: {' '.join(cmd)} ended with status {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def in_turns(commands, runs, before=None):
    """Medians (wall, cpu, rss) of each command, run in turns after a warm-up of each."""
    for cmd in commands:
        run_once(cmd, before)
    got = [[] for _ in commands]
    for _ in range(runs):
        for k, cmd in enumerate(commands):
            got[k].append(run_once(cmd, before))
    return [tuple(statistics.median(r[i] for r in g) for i in range(3)) for g in got]


def count_of(path):
    return sum(len(fs) for _, _, fs in os.walk(path)) if os.path.isdir(path) else 1


def size_of(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
    return os.path.getsize(path)


def secs(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def mb(n):
    return f"{n / 1e6:.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tsimport", required=True)
    ap.add_argument("--once", required=True, help="bench/tsimport-once")
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--before-tsimport", help="another build, run in the same turns (paired)")
    ap.add_argument("--before-once")
    ap.add_argument("--only", action="append",
                    help="only the rows whose case or inputs contain this (repeatable)")
    ap.add_argument("--skip", action="append",
                    help="leave out the rows whose case or inputs contain this (repeatable)")
    a = ap.parse_args()
    d = a.data
    ts = "{tsimport}"
    out_dir = os.path.join(d, "scale-out")

    trash = os.path.join(d, "scale-out.old")
    turns = 0

    def fresh_out():
        nonlocal turns
        # Each -O run writes into a directory that does not exist yet, and the last run's
        # outputs are moved aside, not deleted, until the row is done: ext4 skips inodes freed
        # in the last minutes when it allocates new ones (recently_deleted(), 5 % of a 1,000-file
        # run's profile after the 10,000 outputs before it were deleted), so deleting the last
        # turn's outputs charged the next run for the turn before it. And the last run's writes
        # reach the disk first (sync), so that no run pays for another's writeback.
        if os.path.exists(out_dir):
            os.makedirs(trash, exist_ok=True)
            turns += 1
            os.rename(out_dir, os.path.join(trash, str(turns)))
        os.sync()

    def clear_out():
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)

    # (what, smaller, larger, command for a path, rss target: "many" | "input" | None, before)
    rows = []
    many = [("many-1k", "many-10k")] if not a.quick else [("many-100", "many-1k")]
    for small, large in many:
        for label, args, before in (
                ("`tsimport -r -j 2 -f json`", ["-r", "-j", "2", "-f", "json"], None),
                ("`tsimport -r -j 2 -f none`", ["-r", "-j", "2", "-f", "none"], None),
                ("`tsimport -r -j 2 -f json -O`", ["-r", "-j", "2", "-f", "json", "-O", out_dir],
                 fresh_out)):
            rows.append((label + ", inputs", small, large,
                         lambda p, args=args: [ts] + args + [p], "many", before))
    big = [("gen-1m.xml", "gen-10m.xml")] + ([] if a.quick else [("gen-10m.xml", "gen-100m.xml")])
    for small, large in big:
        rows.append(("generated sequence, import alone (`tsimport-once --no-lint`)", small, large,
                     lambda p: ["{once}", "--no-lint", p], "input", None))
        rows.append(("generated sequence, with lint (`tsimport -f none`)", small, large,
                     lambda p: [ts, "-f", "none", p], "input", None))
    rows.append(("sibling steps in one group (`tsimport -f none`)", "steps-10k.xml",
                 "steps-40k.xml", lambda p: [ts, "-f", "none", p], None, None))
    rows.append(("empty unknown sibling elements on one line (`tsimport -f none`)",
                 "elements-200k.xml", "elements-2m.xml", lambda p: [ts, "-f", "none", p], None,
                 None))

    names = {"many-100": "100", "many-1k": "1,000", "many-10k": "10,000",
             "gen-1m.xml": "1 MB", "gen-10m.xml": "10 MB", "gen-100m.xml": "100 MB",
             "steps-10k.xml": "10k steps", "steps-40k.xml": "40k steps",
             "elements-200k.xml": "200k elements", "elements-2m.xml": "2M elements"}
    results = []
    lines = [
        "| case | smaller → larger (bytes) | CPU time | ratio (work) | target | met | wall time | "
        "peak RSS | RSS | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    builds = [{"{tsimport}": a.tsimport, "{once}": a.once}]
    if a.before_tsimport:
        builds.append({"{tsimport}": a.before_tsimport, "{once}": a.before_once or a.once})
    compared = ["| case | smaller → larger | CPU time, before | now | ratio, before | now | "
                "peak RSS, before | now |", "|---|---|---|---|---|---|---|---|"]

    def command(cmd, path, build):
        return [build.get(x, x) for x in cmd(path)]

    all_met = True
    for what, small, large, cmd, rss_target, before in rows:
        if a.only and not any(o in x for o in a.only for x in (what, small, large)):
            continue
        if a.skip and any(k in x for k in a.skip for x in (what, small, large)):
            continue
        ps, pl = os.path.join(d, small), os.path.join(d, large)
        print(f"scale: {what}: {small} and {large}", file=sys.stderr)
        measured = in_turns([command(cmd, p, b) for b in builds for p in (ps, pl)], a.runs,
                            before)
        if before:
            clear_out()
        (ws, cs, rs), (wl, cl, rl) = measured[0], measured[1]
        if len(measured) == 4:
            (_, bcs, brs), (_, bcl, brl) = measured[2], measured[3]
            compared.append(
                f"| {what} | {names.get(small, small)} → {names.get(large, large)} | "
                f"{secs(bcs)} → {secs(bcl)} | {secs(cs)} → {secs(cl)} | {bcl / bcs:.2f}x | "
                f"{cl / cs:.2f}x | {mb(brs)} → {mb(brl)} | {mb(rs)} → {mb(rl)} |")
        cmd_new = lambda p, cmd=cmd: command(cmd, p, builds[0])  # noqa: E731
        bs, bl = size_of(ps), size_of(pl)
        # The work: the number of inputs for a directory, else the bytes.
        work = count_of(pl) / count_of(ps) if os.path.isdir(pl) else bl / bs
        ratio = cl / cs
        time_target = 1.2 * work
        time_met = ratio <= time_target
        if rss_target == "many":
            rss = f"{rl / rs:.2f}x"
            rss_goal = "≤ 1.5x"
            rss_met = rl / rs <= 1.5
        elif rss_target == "input":
            # "At most 4x the input size plus a small constant": the constant is the same
            # command's peak RSS on a 2 KB sequence (the catalog, the allocator, the code).
            base = statistics.median(run_once(cmd_new(os.path.join(d, "gen-2k.xml")))[2]
                                     for _ in range(3))
            rss = f"{(rl - base) / bl:.2f}x the input + {mb(base)}"
            rss_goal = "≤ 4x the input + start"
            rss_met = rl - base <= 4 * bl
        else:
            rss = f"{rl / rs:.2f}x ({rl / bl:.0f}x the input)"
            rss_goal = f"≤ {time_target:.1f}x (linear)"
            rss_met = rl / rs <= time_target
        all_met = all_met and time_met and rss_met
        lines.append(
            f"| {what} | {names.get(small, small)} → {names.get(large, large)} "
            f"({mb(bs)} → {mb(bl)}) | {secs(cs)} → {secs(cl)} | {ratio:.2f}x ({work:.2f}x) | "
            f"≤ {time_target:.1f}x | {'yes' if time_met else '**no**'} | {secs(ws)} → {secs(wl)} | "
            f"{mb(rs)} → {mb(rl)} | {rss} | {rss_goal} | {'yes' if rss_met else '**no**'} |")
        results.append({"case": what, "small": small, "large": large, "bytes": [bs, bl],
                        "cpu": [cs, cl], "wall": [ws, wl], "rss": [rs, rl],
                        "time_ratio": ratio, "work_ratio": work, "time_met": time_met,
                        "rss_met": rss_met})
    clear_out()
    print()
    print("Scaling (medians of %d paired runs; CPU time = user + system):" % a.runs)
    print()
    print("\n".join(lines))
    print()
    print("every scaling target met" if all_met else "**some scaling targets not met**")
    if len(builds) == 2:
        print()
        print(f"Before ({a.before_tsimport}) and now, in the same turns:")
        print()
        print("\n".join(compared))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
