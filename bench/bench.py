#!/usr/bin/env python3
"""Benchmark for `deals` (issue: a million deals at the speed of parsing).

Generates deterministic datasets with bench/gen_deals.py (10k, 100k and 1M
deals, as a JSON dataset object and as NDJSON), then times, side by side in
one run:

  Q0  deals list --buyer Microsoft --format json          (bundled data)
  Q1  deals --data F list --buyer Microsoft --format json  (~7% of deals)
  Q2  deals --data F total --year 2025 --format json
  Q3  deals --data F total --by buyer --top 10 --format json
  Q4  deals --data F graph --format json                  (deals only)
  Q5  deals --data F cycles --format json                 (deals only)

for deals, for the floors (serde_json parsing the file into IgnoredAny, and
into a vector of typed deals: examples/parse_floor.rs), and for jq, jaq and
DuckDB when they are installed. It checks that every tool gives the same
answer, and prints medians, ratios and peak memory (from /usr/bin/time).
Q4 and Q5 (the money graph and its cycles) are compared with Q3 on the same
file in the same run: they should take at most 1.5 times as long, in under
64 MiB. Because this machine's speed drifts between minutes, the three are
also timed in turns on the largest NDJSON file (round after round, each
round starting with the next), and that comparison is the one to read.

Usage: bench/run.sh [--sizes 10000,100000,1000000] [--runs 3] [--tools ...]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEALS = os.path.join(ROOT, "target", "release", "deals")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "parse_floor")
GEN = os.path.join(ROOT, "bench", "gen_deals.py")
TIME = "/usr/bin/time"

# --- the queries, as each tool says them --------------------------------------

# Q1 asks for whole deals, as `deals list --format json` prints them: every
# tool must read and print every field of the deals it keeps, not just ids.
JQ_Q1 = '[.deals[] | select(.buyer == "Microsoft")]'
JQ_Q2 = ('[.deals[] | select(.announced[0:4] == "2025")] | {deals: length, '
         'disclosed: (map(select(.value_usd != null)) | length), '
         'total_usd: (map(.value_usd // 0) | add)}')
JQ_Q3 = ('[.deals[]] | group_by(.buyer) | map({key: .[0].buyer, '
         'total_usd: (map(.value_usd // 0) | add)}) | sort_by(-.total_usd, .key) | .[:10]')

def jq_filter(query, ndjson):
    text = {"Q1": JQ_Q1, "Q2": JQ_Q2, "Q3": JQ_Q3}[query]
    # NDJSON is slurped into an array, then read like the object's deals.
    return text.replace(".deals[]", ".[]") if ndjson else text

def duckdb_sql(query, path, ndjson):
    if ndjson:
        source = f"read_ndjson('{path}', format='newline_delimited')"
    else:
        source = (f"(SELECT unnest(deals, recursive := true) FROM "
                  f"read_json('{path}', maximum_object_size=2000000000))")
    return {
        "Q1": f"SELECT * FROM {source} WHERE buyer = 'Microsoft' ORDER BY id",
        "Q2": (f"SELECT count(*) AS deals, count(value_usd) AS disclosed, "
               f"coalesce(sum(value_usd::HUGEINT), 0) AS total_usd FROM {source} "
               f"WHERE substr(announced::VARCHAR, 1, 4) = '2025'"),
        "Q3": (f"SELECT buyer AS key, sum(value_usd::HUGEINT) AS total_usd FROM {source} "
               f"GROUP BY buyer ORDER BY total_usd DESC NULLS LAST, key LIMIT 10"),
    }[query]

def commands(tool, query, path, ndjson):
    """The command line for a tool and query, or None when it has none."""
    if tool == "deals":
        args = {"Q1": ["list", "--buyer", "Microsoft", "--format", "json"],
                "Q2": ["total", "--year", "2025", "--format", "json"],
                "Q3": ["total", "--by", "buyer", "--top", "10", "--format", "json"],
                "Q4": ["graph", "--format", "json"],
                "Q5": ["cycles", "--format", "json"]}[query]
        return [DEALS, "--data", path] + args
    if tool == "floor-ignored":
        return [FLOOR, "ignored", path]
    if tool == "floor-typed":
        return [FLOOR, "typed", path]
    if query in ("Q4", "Q5"):
        return None
    if tool in ("jq", "jaq"):
        slurp = ["-s"] if ndjson else []
        return [tool, "-c"] + slurp + [jq_filter(query, ndjson), path]
    if tool == "duckdb":
        return ["duckdb", "-json", "-c", duckdb_sql(query, path, ndjson)]
    return None

# --- answers, normalised so that tools can be compared ------------------------

def answer(tool, query, stdout):
    if tool.startswith("floor"):
        return None
    text = stdout.decode()
    if tool == "duckdb":
        rows = json.loads(text) if text.strip() else []
        if query == "Q1":
            return sorted(r["id"] for r in rows)
        if query == "Q2":
            r = rows[0]
            return (int(r["deals"]), int(r["disclosed"]), int(r["total_usd"]))
        return [(r["key"], int(r["total_usd"] or 0)) for r in rows]
    value = json.loads(text)
    if query == "Q4":
        return (len(value["edges"]), sum(int(e["total_usd"]) for e in value["edges"]))
    if query == "Q5":
        return (len(value["cycles"]), value["complete"])
    if query == "Q1":
        return sorted(d if isinstance(d, str) else d["id"] for d in value)
    if query == "Q2":
        return (int(value["deals"]), int(value["disclosed"]), int(value["total_usd"]))
    groups = value["groups"] if tool == "deals" else value
    return [(g["key"], int(g["total_usd"])) for g in groups[:10]]

# --- running -------------------------------------------------------------------

def run_once(cmd):
    """Wall seconds, peak RSS in MiB and stdout of one run. /usr/bin/time
    gives the peak memory; the clock here gives finer times than its 10 ms."""
    with tempfile.NamedTemporaryFile("r") as stats:
        full = [TIME, "-f", "%M", "-o", stats.name] + cmd
        start = time.perf_counter()
        done = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
        kib = stats.read().split()[-1]
    return wall, int(kib) / 1024, done.stdout

def measure(cmd, runs):
    times, peaks, out = [], [], b""
    for _ in range(runs):
        wall, mib, out = run_once(cmd)
        times.append(wall)
        peaks.append(mib)
    return statistics.median(times), max(peaks), out

def hyperfine_q0(runs):
    """Q0 on the bundled data: deals against `true` and jq, by hyperfine."""
    if not shutil.which("hyperfine"):
        return None
    bundled = os.path.join(ROOT, "data", "deals.json")
    cmds = ["true", f"{DEALS} list --buyer Microsoft --format json"]
    if shutil.which("jq"):
        cmds.append(f"jq '[.deals[] | select(.buyer == \"Microsoft\")]' {bundled}")
    with tempfile.NamedTemporaryFile("r", suffix=".json") as export:
        subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", str(max(runs, 100)),
                        "--export-json", export.name] + cmds,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        results = json.load(open(export.name))["results"]
    return [(r["command"].split()[0].split("/")[-1], r["median"] * 1000) for r in results]

def side_by_side(path, runs):
    """Q3, Q4 and Q5 on one file, taken in turns (each round starts with the
    next query), so that the machine's drift weighs on all three alike:
    the median time and peak memory of each, and the median of each round's
    Q4/Q3 and Q5/Q3."""
    queries = ("Q3", "Q4", "Q5")
    times = {q: [] for q in queries}
    peaks = {q: 0.0 for q in queries}
    for round_ in range(max(runs, 9)):
        for q in queries[round_ % 3:] + queries[:round_ % 3]:
            wall, mib, _ = run_once(commands("deals", q, path, True))
            times[q].append(wall)
            peaks[q] = max(peaks[q], mib)
    medians = {q: statistics.median(times[q]) for q in queries}
    ratios = {q: statistics.median(t / base for t, base in zip(times[q], times["Q3"]))
              for q in ("Q4", "Q5")}
    return medians, peaks, ratios

def generate(size, fmt, data_dir):
    path = os.path.join(data_dir, f"deals-{size}.{fmt}")
    if not os.path.exists(path):
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, GEN, "--count", str(size), "--seed", "1",
                        "--format", fmt, "--out", path], check=True)
    return path

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--formats", default="json,ndjson")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--tools", default="deals,floor-ignored,floor-typed,jq,jaq,duckdb")
    parser.add_argument("--data-dir", default=os.path.join(ROOT, "bench", "data"))
    args = parser.parse_args()
    os.makedirs(args.data_dir, exist_ok=True)
    tools = [t for t in args.tools.split(",")
             if t.startswith(("deals", "floor")) or shutil.which(t)]
    missing = sorted(set(args.tools.split(",")) - set(tools))
    if missing:
        print(f"not installed, skipped: {', '.join(missing)}", file=sys.stderr)

    rows, failures = [], []
    for size in [int(s) for s in args.sizes.split(",")]:
        for fmt in args.formats.split(","):
            path = generate(size, fmt, args.data_dir)
            mib_file = os.path.getsize(path) / 2**20
            floors = {}
            for tool in [t for t in tools if t.startswith("floor")]:
                secs, mib, _ = measure(commands(tool, None, path, fmt == "ndjson"), args.runs)
                floors[tool] = secs
                rows.append((size, fmt, "parse", tool, secs, mib, mib_file, ""))
            for query in ("Q1", "Q2", "Q3", "Q4", "Q5"):
                reference = None
                for tool in [t for t in tools if not t.startswith("floor")]:
                    cmd = commands(tool, query, path, fmt == "ndjson")
                    if cmd is None:
                        continue
                    try:
                        secs, mib, out = measure(cmd, args.runs)
                    except RuntimeError as err:
                        failures.append(str(err))
                        continue
                    got = answer(tool, query, out)
                    if tool == "deals":
                        reference = got
                        note = ""
                    else:
                        note = "same answer" if got == reference else "DIFFERENT ANSWER"
                        if got != reference:
                            failures.append(f"{tool} {query} {fmt} {size}: {str(got)[:200]} != {str(reference)[:200]}")
                    rows.append((size, fmt, query, tool, secs, mib, mib_file, note))

    print_table(rows)
    q0 = hyperfine_q0(args.runs)
    if q0:
        print("\nQ0, bundled data (hyperfine medians): " +
              ", ".join(f"{name} {ms:.2f} ms" for name, ms in q0))
    print_ratios(rows)
    largest = max(int(s) for s in args.sizes.split(","))
    if "ndjson" in args.formats.split(",") and "deals" in tools:
        medians, peaks, ratios = side_by_side(generate(largest, "ndjson", args.data_dir), args.runs)
        print(f"\nQ3, Q4, Q5 taken in turns on {largest} deals, NDJSON (medians): " +
              ", ".join(f"{q} {medians[q] * 1000:.0f} ms, {peaks[q]:.0f} MiB" for q in medians) +
              f"; Q4/Q3 {ratios['Q4']:.2f}x, Q5/Q3 {ratios['Q5']:.2f}x (median of each round's ratio)")
    if failures:
        print("\nproblems:\n  " + "\n  ".join(failures))
        sys.exit(1)

def print_table(rows):
    print(f"{'deals':>8} {'format':<6} {'query':<5} {'tool':<13} {'median s':>9} {'peak MiB':>9} {'file MiB':>9}  note")
    for size, fmt, query, tool, secs, mib, mib_file, note in rows:
        print(f"{size:>8} {fmt:<6} {query:<5} {tool:<13} {secs:>9.3f} {mib:>9.1f} {mib_file:>9.1f}  {note}")

def print_ratios(rows):
    def find(size, fmt, query, tool):
        for r in rows:
            if r[:4] == (size, fmt, query, tool):
                return r
        return None
    print("\nratios (deals time / reference time; < 1 is faster):")
    for size in sorted({r[0] for r in rows}):
        for fmt in sorted({r[1] for r in rows}):
            ignored = find(size, fmt, "parse", "floor-ignored")
            typed = find(size, fmt, "parse", "floor-typed")
            for query in ("Q1", "Q2", "Q3", "Q4", "Q5"):
                mine = find(size, fmt, query, "deals")
                if not mine:
                    continue
                parts = []
                q3 = find(size, fmt, "Q3", "deals")
                if query in ("Q4", "Q5") and q3:
                    parts.append(f"vs deals Q3 {mine[4] / q3[4]:.2f}x")
                floor = typed if query == "Q1" else ignored
                if floor and query not in ("Q4", "Q5"):
                    parts.append(f"vs {floor[3]} {mine[4] / floor[4]:.2f}x")
                for other in ("duckdb", "jq", "jaq"):
                    theirs = find(size, fmt, query, other)
                    if theirs:
                        parts.append(f"vs {other} {mine[4] / theirs[4]:.2f}x")
                parts.append(f"peak {mine[5]:.0f} MiB = {mine[5] / mine[6]:.2f}x file")
                print(f"  {size:>8} {fmt:<6} {query}: " + ", ".join(parts))
    print("\nscaling of deals (time per step of 10x more deals):")
    for fmt in sorted({r[1] for r in rows}):
        for query in ("Q1", "Q2", "Q3", "Q4", "Q5"):
            times = [(r[0], r[4]) for r in rows if r[1:4] == (fmt, query, "deals")]
            times.sort()
            steps = [f"{b[1] / a[1]:.1f}x" for a, b in zip(times, times[1:])]
            if steps:
                print(f"  {fmt:<6} {query}: " + " then ".join(steps))

if __name__ == "__main__":
    main()
