#!/usr/bin/env python3
"""Before/after timing of two bench binaries in alternating runs, the comparison the issues ask for.

    benchmarks/alternate.py --before OLD/bench --after NEW/bench --rounds 3 -- --filter add,poly --sizes 1e6

runs OLD, NEW, OLD, NEW, ... (so a drift of the shared machine falls on both), each with the bench
arguments after `--` and `--json`, then prints one line per case: the medians of every round, the
ratio of the best after-median to the best before-median, and the noise, the larger of the two
sides' spreads (slowest over fastest round). A case is marked when its ratio exceeds both the noise
and 1.03. `--keep DIR` keeps the JSON files; `--compare DIR` only reads those of an earlier run.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys
import tempfile


def medians(path):
    """{(case, dtype, n, mode, backend, threads): median µs} of one bench JSON file."""
    with open(path) as f:
        document = json.load(f)
    results = document["results"] if isinstance(document, dict) else document
    return {(r["case"], r["dtype"], r["n"], r["mode"], r["backend"], r["threads"]): r["median_us"] for r in results}


def run(arguments, folder):
    for round_number in range(1, arguments.rounds + 1):
        for side, binary in (("before", arguments.before), ("after", arguments.after)):
            path = os.path.join(folder, f"{side}{round_number}.json")
            print(f"round {round_number}: {side} ({binary})", file=sys.stderr)
            subprocess.run([binary, *arguments.bench, "--json", path], check=True, stdout=subprocess.DEVNULL)


def compare(folder):
    before = [medians(p) for p in sorted(glob.glob(os.path.join(folder, "before*.json")))]
    after = [medians(p) for p in sorted(glob.glob(os.path.join(folder, "after*.json")))]
    if not before or len(before) != len(after):
        sys.exit(f"{folder}: needs as many before*.json as after*.json files")
    keys = sorted(set.intersection(*(set(m) for m in before + after)))
    rows = []
    for key in keys:
        b, a = [m[key] for m in before], [m[key] for m in after]
        noise = max(max(b) / min(b), max(a) / min(a))
        rows.append((min(a) / min(b), noise, key, b, a))
    print(f"{len(before)} alternating rounds; ratio = best after / best before median; noise = larger spread of a side")
    print(f"{'case':<26}{'dtype':<9}{'n':>9} {'mode':<6}{'backend':<9}{'thr':>3}  {'before µs':<30}{'after µs':<30}ratio noise")
    for ratio, noise, key, b, a in sorted(rows, key=lambda row: -row[0]):
        case, dtype, n, mode, backend, threads = key
        mark = "  slower beyond noise" if ratio > noise and ratio > 1.03 else ""
        fmt = lambda xs: " ".join(f"{x:.0f}" if x >= 100 else f"{x:.1f}" for x in xs)
        print(f"{case:<26}{dtype:<9}{n:>9.0e} {mode:<6}{backend:<9}{threads:>3}  {fmt(b):<30}{fmt(a):<30}{ratio:5.2f} {noise:5.2f}{mark}")
    geomean = math.exp(sum(math.log(row[0]) for row in rows) / len(rows))
    slower = sum(1 for row in rows if row[0] > row[1] and row[0] > 1.03)
    print(f"{len(rows)} cases; geometric mean ratio {geomean:.3f}; slower beyond noise: {slower}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="the bench binary before the change")
    parser.add_argument("--after", help="the bench binary after the change")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="a folder to keep the JSON files in")
    parser.add_argument("--compare", help="only compare the JSON files of an earlier run in this folder")
    parser.add_argument("bench", nargs="*", help="arguments for both bench runs (after --)")
    arguments = parser.parse_args()
    if arguments.compare:
        compare(arguments.compare)
        return
    if not (arguments.before and arguments.after):
        parser.error("--before and --after are needed unless --compare is given")
    folder = arguments.keep or tempfile.mkdtemp(prefix="alternate-")
    os.makedirs(folder, exist_ok=True)
    run(arguments, folder)
    compare(folder)


if __name__ == "__main__":
    main()
