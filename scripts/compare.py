#!/usr/bin/env python3
"""Processes against threads, measured: the seed's closing comparison, done properly.

For N = 1..K runs `primes-threads --threads N` and `mpirun -np N primes-mpi` (oversubscribed past
the cores) several times each, alternating, with JSON output; records the in-program time of both
and, for processes, the end-to-end time including mpirun's launch; prints a table of medians
(with speedup and efficiency against N = 1) and the seed's two lines for N = cores; writes a CSV
of every run, the JSON reports and gnuplot PNGs to the output directory. With --sizes it also
times both at N = cores over ranges of growing size, to show where process start-up stops
dominating.

Run it through scripts/compare.sh, which installs what is missing and builds first.
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

SEED_RANGE = ("1", "300000")


def size_list(text):
    """Sizes as the user wrote them (1e5, 2^20, 1e6+1, ...). They are never evaluated here: each
    becomes part of a LAST that the programs themselves read, so the scripts accept exactly the
    numbers the programs accept, and the exact sizes come back in the programs' JSON reports."""
    sizes = [s.strip() for s in text.split(",") if s.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("--sizes needs sizes, e.g. 1e5,1e6,2^24")
    return list(dict.fromkeys(sizes))


def parse_args(argv):
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(
        prog="compare.sh",
        description="Compare MPI processes with threads on the same count.",
        usage="compare.sh [FIRST] LAST [--kernel trial|sieve|lmo|gourdon] [--schedule static|dynamic]\n"
        "                  [--max-workers K] [--sizes LIST] [--reps R] [--output DIR]")
    p.add_argument("range", nargs="*", help="[FIRST] LAST (default: the seed's 1 300000)")
    p.add_argument("--kernel", choices=["trial", "sieve", "lmo", "gourdon"], default="trial")
    p.add_argument("--schedule", choices=["static", "dynamic"], default="static")
    p.add_argument("--max-workers", type=int, default=2 * cores, metavar="K",
                   help="largest N (default: twice the cores, %(default)s)")
    p.add_argument("--sizes", type=size_list, metavar="LIST",
                   help="also time ranges [FIRST, FIRST+size-1] of these sizes at N = cores")
    p.add_argument("--reps", type=int, default=5, metavar="R",
                   help="repetitions of each measurement; the median is reported (default 5)")
    p.add_argument("--output", metavar="DIR", help="default: results/compare-<timestamp>/")
    p.add_argument("--threads-exe", required=True, help=argparse.SUPPRESS)
    p.add_argument("--mpi-exe", required=True, help=argparse.SUPPRESS)
    p.add_argument("--fault-opts", default="", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if len(a.range) > 2:
        p.error("too many arguments: expected [FIRST] LAST")
    if a.max_workers < 1 or a.reps < 1:
        p.error("--max-workers and --reps must be at least 1")
    a.cores = cores
    return a


class Runner:
    """Runs the two programs and keeps every measurement."""

    def __init__(self, args, outdir):
        self.args = args
        self.outdir = outdir
        self.rows = []
        (outdir / "json").mkdir(parents=True, exist_ok=True)

    def command(self, mode, n, range_args):
        common = list(range_args) + ["--kernel", self.args.kernel, "--schedule",
                                     self.args.schedule, "--format", "json", "--no-progress"]
        if mode == "threads":
            return [self.args.threads_exe, "--threads", str(n)] + common
        mpirun = ["mpirun", "--quiet", "-np", str(n), *self.args.fault_opts.split()]
        if n > self.args.cores:
            mpirun.append("--oversubscribe")  # more processes than cores: asked for
        if os.geteuid() == 0:
            mpirun.append("--allow-run-as-root")  # Open MPI refuses root otherwise
        return mpirun + [self.args.mpi_exe] + common

    def run(self, mode, n, rep, range_args, tag):
        cmd = self.command(mode, n, range_args)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"compare: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
        report = json.loads(done.stdout)
        name = f"{tag}-{mode}-n{n}-r{rep}.json"
        (self.outdir / "json" / name).write_text(done.stdout)
        row = {"experiment": tag, "mode": mode, "workers": n, "rep": rep,
               "first": report["first"], "last": report["last"], "kernel": report["kernel"],
               "schedule": report["schedule"], "count": report["count"],
               "seconds": report["seconds"], "end_to_end_seconds": wall,
               "busy_min_seconds": report["busy_min_seconds"],
               "busy_max_seconds": report["busy_max_seconds"]}
        self.rows.append(row)
        return row

    def measure(self, n, range_args, tag):
        """Medians over the repetitions, threads and processes alternating."""
        got = {"threads": [], "processes": []}
        for rep in range(1, self.args.reps + 1):
            for mode in ("threads", "processes"):
                got[mode].append(self.run(mode, n, rep, range_args, tag))
        counts = {r["count"] for rows in got.values() for r in rows}
        if len(counts) != 1:
            sys.exit(f"compare: the counts differ between runs: {sorted(counts)}")
        med = lambda rows, key: statistics.median(r[key] for r in rows)
        first, last = got["threads"][0]["first"], got["threads"][0]["last"]
        return {"count": counts.pop(), "size": last - first + 1,
                "threads": med(got["threads"], "seconds"),
                "threads_e2e": med(got["threads"], "end_to_end_seconds"),
                "processes": med(got["processes"], "seconds"),
                "processes_e2e": med(got["processes"], "end_to_end_seconds")}

    def write_csv(self):
        path = self.outdir / "runs.csv"
        with path.open("w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(self.rows[0].keys()))
            w.writeheader()
            w.writerows(self.rows)
        return path


def fmt(x):
    return f"{x:.6f}" if x < 0.01 else f"{x:.3f}"


def workers_table(results):
    base = results[1]
    header = ("N", "threads s", "procs s", "procs e2e s", "speedup T", "speedup P",
              "speedup Pe2e", "effic T", "effic P", "effic Pe2e")
    widths = (3, 10, 10, 11, 9, 9, 12, 7, 7, 10)
    lines = [" ".join(f"{h:>{w}}" for h, w in zip(header, widths))]
    for n, r in sorted(results.items()):
        st = base["threads"] / r["threads"]
        sp = base["processes"] / r["processes"]
        se = base["processes_e2e"] / r["processes_e2e"]
        cells = (str(n), fmt(r["threads"]), fmt(r["processes"]), fmt(r["processes_e2e"]),
                 f"{st:.2f}", f"{sp:.2f}", f"{se:.2f}", f"{st / n:.2f}", f"{sp / n:.2f}",
                 f"{se / n:.2f}")
        lines.append(" ".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    return "\n".join(lines)


def gnuplot(outdir, name, script):
    gp = outdir / f"{name}.gp"
    gp.write_text(script)
    done = subprocess.run(["gnuplot", str(gp)], capture_output=True, text=True, cwd=outdir)
    if done.returncode != 0:
        print(f"compare: gnuplot failed for {name}: {done.stderr.strip()}", file=sys.stderr)
        return None
    return outdir / f"{name}.png"


def plot_workers(outdir, results, cores, title):
    data = outdir / "workers.dat"
    base = results[1]
    with data.open("w") as f:
        f.write("# N threads processes processes_e2e speedup_T speedup_P speedup_P_e2e\n")
        for n, r in sorted(results.items()):
            f.write(f"{n} {r['threads']} {r['processes']} {r['processes_e2e']} "
                    f"{base['threads'] / r['threads']} {base['processes'] / r['processes']} "
                    f"{base['processes_e2e'] / r['processes_e2e']}\n")
    kmax = max(results)
    # The legend goes below the graph, clear of every line. The in-program times are
    # milliseconds where mpirun's launch is a third of a second: a linear axis would flatten
    # them, so past 30x between the largest and the smallest time the axis is logarithmic.
    times = [r[k] for r in results.values() for k in ("threads", "processes", "processes_e2e")]
    positive = [t for t in times if t > 0]
    log_time = bool(positive) and max(positive) > 30 * min(positive)
    time_axis = ('set logscale y\nset format y "%g"\nset yrange [*:*]' if log_time
                 else "set yrange [0:*]")
    head = f"""set terminal pngcairo size 900,650 font ",11"
set grid
set key below horizontal
set xlabel "workers N (threads or MPI processes; {cores} cores)"
set xtics 1
set xrange [0.5:{kmax + 0.5}]
set arrow from {cores + 0.5},graph 0 to {cores + 0.5},graph 1 nohead dt 2 lc rgb "gray"
set label "more workers than cores" at {cores + 0.6},graph 0.04 textcolor rgb "gray"
"""
    time_png = gnuplot(outdir, "time", head + f"""set output "time.png"
set title "{title}: time (median)"
set ylabel "seconds{' (log scale)' if log_time else ''}"
{time_axis}
plot "workers.dat" using 1:2 with linespoints lw 2 title "threads (in-program)", \\
     "" using 1:3 with linespoints lw 2 title "processes (in-program)", \\
     "" using 1:4 with linespoints lw 2 title "processes (end-to-end, with mpirun launch)"
""")
    speed_png = gnuplot(outdir, "speedup", head + f"""set output "speedup.png"
set title "{title}: speedup against N = 1"
set ylabel "speedup"
set yrange [0:{kmax + 0.5}]
plot x with lines dt 2 lc rgb "black" title "ideal", \\
     "workers.dat" using 1:5 with linespoints lw 2 title "threads (in-program)", \\
     "" using 1:6 with linespoints lw 2 title "processes (in-program)", \\
     "" using 1:7 with linespoints lw 2 title "processes (end-to-end)"
""")
    return [p for p in (time_png, speed_png) if p]


def plot_sizes(outdir, sizes, n, title):
    with (outdir / "sizes.dat").open("w") as f:
        f.write("# size threads processes processes_e2e\n")
        for size, r in sorted(sizes.items()):
            f.write(f"{size} {r['threads']} {r['processes']} {r['processes_e2e']}\n")
    return gnuplot(outdir, "sizes", f"""set terminal pngcairo size 900,600 font ",11"
set output "sizes.png"
set grid
set key below horizontal
set logscale xy
set autoscale xfix
set format x "10^{{%T}}"
set title "{title}: time against range size at N = {n} (median)"
set xlabel "numbers in the range"
set ylabel "seconds"
plot "sizes.dat" using 1:2 with linespoints lw 2 title "threads (in-program)", \\
     "" using 1:3 with linespoints lw 2 title "processes (in-program)", \\
     "" using 1:4 with linespoints lw 2 title "processes (end-to-end, with mpirun launch)"
""")


def catch_up(sizes, key):
    """Smallest size from which processes (by `key`) stay within 10% of threads."""
    ordered = sorted(sizes.items())
    for i, (size, _) in enumerate(ordered):
        if all(r[key] <= 1.1 * r["threads"] for _, r in ordered[i:]):
            return size
    return None


def main(argv):
    a = parse_args(argv)
    range_args = tuple(a.range) if a.range else SEED_RANGE
    if len(range_args) == 1:
        range_args = ("0", range_args[0])
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = Path(a.output or Path(__file__).resolve().parent.parent / "results" / f"compare-{stamp}")
    outdir.mkdir(parents=True, exist_ok=True)
    runner = Runner(a, outdir)
    title = f"[{range_args[0]}, {range_args[1]}], {a.kernel}, {a.schedule}"

    print(f"Comparing on {title}: N = 1..{a.max_workers}, {a.reps} runs each "
          f"({a.cores} cores)", file=sys.stderr)
    results = {}
    for n in range(1, a.max_workers + 1):
        results[n] = runner.measure(n, range_args, "workers")
        print(f"  N = {n} done", file=sys.stderr)
    count = results[1]["count"]
    n_seed = min(a.cores, a.max_workers)
    table = workers_table(results)
    seed = results[n_seed]
    summary = [f"{title}: {count} primes; median of {a.reps} runs; {a.cores} cores", "", table, "",
               f"Processes: {count} primes in {fmt(seed['processes'])} s with {n_seed} processes"
               f" ({fmt(seed['processes_e2e'])} s with mpirun's launch)",
               f"Threads: {count} primes in {fmt(seed['threads'])} s with {n_seed} threads"]
    plots = plot_workers(outdir, results, a.cores, title)

    if a.sizes:
        sizes = {}
        print(f"Range sizes at N = {n_seed}: {', '.join(a.sizes)}", file=sys.stderr)
        for i, size in enumerate(a.sizes):
            last = f"({range_args[0]})+({size})-1"  # read by the programs, exactly
            r = runner.measure(n_seed, (range_args[0], last), f"size{i}")
            sizes[r["size"]] = r
        lines = [f"{'size':>14}  {'threads s':>11}  {'processes s':>11}  {'proc. e2e s':>11}"]
        for size, r in sorted(sizes.items()):
            lines.append(f"{size:>14}  {fmt(r['threads']):>11}  {fmt(r['processes']):>11}  "
                         f"{fmt(r['processes_e2e']):>11}")
        in_program = catch_up(sizes, "processes")
        e2e = catch_up(sizes, "processes_e2e")
        say = lambda s: f"from {s} numbers" if s else "not within these sizes"
        summary += ["", f"Time against range size at N = {n_seed}:", *lines, "",
                    f"processes within 10% of threads, in-program: {say(in_program)}; "
                    f"end-to-end (with mpirun's launch): {say(e2e)}"]
        png = plot_sizes(outdir, sizes, n_seed, f"{a.kernel}, {a.schedule}")
        if png:
            plots.append(png)

    csv_path = runner.write_csv()
    text = "\n".join(summary)
    (outdir / "summary.txt").write_text(text + "\n")
    print(text)
    print(f"\nwrote {csv_path}, {len(runner.rows)} JSON reports in {outdir / 'json'}, "
          f"{', '.join(p.name for p in plots) or 'no plots'} in {outdir}", file=sys.stderr)
    if shutil.which("gnuplot") is None:
        print("compare: gnuplot not found: no plots", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
