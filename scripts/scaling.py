#!/usr/bin/env python3
"""The same count on 1, 2, 4, ... hosts: speedup and efficiency against one host.

Run it through scripts/scaling.sh, which installs what is missing and builds first. With a
hostfile, k hosts are its first k host lines, started with mpirun --hostfile --map-by node; in a
Slurm allocation, srun --nodes=k. Every run's JSON report is kept; the table shows medians of the
in-program time (`seconds`) and of the whole command (with the launch).
"""

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import fmt, gnuplot  # noqa: E402  (shared helpers)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scaling.sh", description="Scaling across hosts.")
    p.add_argument("range", nargs="*", help="[FIRST] LAST (default: 0 1e11)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--hostfile", type=Path, help="Open MPI hostfile")
    where.add_argument("--slurm", action="store_true", help="inside a Slurm allocation")
    p.add_argument("--ranks-per-host", type=int, default=1, metavar="R")
    p.add_argument("--threads", type=int, default=1, metavar="T", help="worker threads per rank")
    p.add_argument("--kernel", choices=["trial", "sieve", "lmo", "gourdon"], default="sieve")
    p.add_argument("--schedule", choices=["static", "dynamic"], default="dynamic")
    p.add_argument("--reps", type=int, default=3, metavar="R")
    p.add_argument("--output", metavar="DIR")
    p.add_argument("--mpi-exe", required=True, help=argparse.SUPPRESS)
    p.add_argument("--mpirun", default="mpirun", help=argparse.SUPPRESS)
    p.add_argument("--fault-opts", default="", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if len(a.range) > 2:
        p.error("too many arguments: expected [FIRST] LAST")
    if min(a.ranks_per_host, a.threads, a.reps) < 1:
        p.error("--ranks-per-host, --threads and --reps must be at least 1")
    return a


def read_hosts(path):
    hosts = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            hosts.append(line)
    if not hosts:
        sys.exit(f"scaling: no hosts in {path}")
    return hosts


def host_counts(total):
    """1, 2, 4, ... and the total itself."""
    counts, k = [], 1
    while k < total:
        counts.append(k)
        k *= 2
    return counts + [total]


class Runner:
    def __init__(self, a, outdir, hosts):
        self.a, self.outdir, self.hosts, self.rows = a, outdir, hosts, []
        (outdir / "json").mkdir(parents=True, exist_ok=True)

    def command(self, k):
        a = self.a
        ranks = k * a.ranks_per_host
        prog = [a.mpi_exe, *a.range, "--threads", str(a.threads), "--kernel", a.kernel,
                "--schedule", a.schedule, "--format", "json", "--no-progress"]
        if a.slurm:
            return ["srun", f"--nodes={k}", f"--ntasks={ranks}", f"--cpus-per-task={a.threads}",
                    "--mpi=pmix", *prog]
        sub = self.outdir / f"hosts-{k}"
        sub.write_text("\n".join(self.hosts[:k]) + "\n")
        cmd = [a.mpirun, "--quiet", "--hostfile", str(sub), "-np", str(ranks), "--map-by", "node",
               *a.fault_opts.split()]
        if a.threads > 1:
            cmd += ["--bind-to", "none"]  # mpirun binds a rank to one core otherwise
        if os.geteuid() == 0:
            cmd.append("--allow-run-as-root")
        return cmd + prog

    def run(self, k, rep):
        cmd = self.command(k)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"scaling: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
        (self.outdir / "json" / f"hosts{k}-r{rep}.json").write_text(done.stdout)
        r = json.loads(done.stdout)
        row = {"hosts": k, "ranks": r["ranks"], "threads_per_rank": r["threads_per_rank"],
               "rep": rep, "first": r["first"], "last": r["last"], "count": r["count"],
               "seconds": r["seconds"], "end_to_end_seconds": wall,
               "distinct_hosts": len({w["host"] for w in r["per_worker"]})}
        self.rows.append(row)
        return row


def main(argv):
    a = parse_args(argv)
    if not a.range:
        a.range = ["0", "1e11"]
    if a.slurm:
        total = int(os.environ.get("SLURM_JOB_NUM_NODES", "0") or 0)
        if total < 1:
            sys.exit("scaling: --slurm needs a Slurm allocation (SLURM_JOB_NUM_NODES is not set)")
        hosts = [f"node{i}" for i in range(total)]
    else:
        hosts = read_hosts(a.hostfile)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = Path(a.output or Path(__file__).resolve().parent.parent / "results" / f"scaling-{stamp}")
    outdir.mkdir(parents=True, exist_ok=True)
    runner = Runner(a, outdir, hosts)
    counts = host_counts(len(hosts))
    print(f"Scaling on {len(hosts)} hosts: {counts}, {a.ranks_per_host} rank(s) per host x "
          f"{a.threads} thread(s), {a.reps} runs each", file=sys.stderr)
    results = {}
    for k in counts:
        runs = [runner.run(k, rep) for rep in range(1, a.reps + 1)]
        if len({r["count"] for r in runs}) != 1:
            sys.exit(f"scaling: the counts differ between runs on {k} hosts")
        results[k] = {"count": runs[0]["count"], "ranks": runs[0]["ranks"],
                      "seconds": statistics.median(r["seconds"] for r in runs),
                      "e2e": statistics.median(r["end_to_end_seconds"] for r in runs),
                      "distinct_hosts": runs[0]["distinct_hosts"]}
        print(f"  {k} host(s) done", file=sys.stderr)
    if len({r["count"] for r in results.values()}) != 1:
        sys.exit("scaling: the counts differ between host counts")

    base = results[counts[0]]
    head = f"{'hosts':>5} {'ranks':>5} {'seconds':>9} {'e2e s':>9} {'speedup':>8} {'effic':>6} " \
           f"{'speedup e2e':>11} {'effic e2e':>9}"
    lines = [head]
    with (outdir / "scaling.dat").open("w") as f:
        f.write("# hosts seconds e2e speedup efficiency speedup_e2e efficiency_e2e\n")
        for k, r in results.items():
            s, se = base["seconds"] / r["seconds"], base["e2e"] / r["e2e"]
            lines.append(f"{k:>5} {r['ranks']:>5} {fmt(r['seconds']):>9} {fmt(r['e2e']):>9} "
                         f"{s:>8.2f} {s / k:>6.2f} {se:>11.2f} {se / k:>9.2f}")
            f.write(f"{k} {r['seconds']} {r['e2e']} {s} {s / k} {se} {se / k}\n")
    title = f"[{a.range[0]}, {a.range[-1]}], {a.kernel}, {a.schedule}, " \
            f"{a.ranks_per_host} rank(s)/host x {a.threads} thread(s)"
    png = gnuplot(outdir, "scaling", f"""set terminal pngcairo size 900,600 font ",11"
set output "scaling.png"
set grid
set key top left
set title "{title}"
set xlabel "hosts"
set ylabel "speedup against 1 host"
set y2label "efficiency"
set xtics ({", ".join(str(k) for k in counts)})
set xrange [0.5:{counts[-1] + 0.5}]
set yrange [0:{counts[-1] + 0.5}]
set y2range [0:1.2]
set y2tics
plot x with lines dt 2 lc rgb "black" title "ideal", \\
     "scaling.dat" using 1:4 with linespoints lw 2 title "speedup (in-program)", \\
     "" using 1:6 with linespoints lw 2 title "speedup (end-to-end)", \\
     "" using 1:5 axes x1y2 with linespoints lw 2 dt 3 title "efficiency (in-program)"
""")
    with (outdir / "runs.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(runner.rows[0].keys()))
        w.writeheader()
        w.writerows(runner.rows)
    text = "\n".join([f"{title}: {base['count']} primes; median of {a.reps} runs", "", *lines])
    (outdir / "summary.txt").write_text(text + "\n")
    print(text)
    print(f"\nwrote {outdir / 'runs.csv'}, {len(runner.rows)} JSON reports"
          f"{', scaling.png' if png else ''} in {outdir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
