#!/usr/bin/env python3
"""Runs commands in turns (RUNS rounds, each command once per round, after one warm-up round) and
prints the medians of wall time, cpu time (user + sys) and peak RSS of each, then the ratios of
every command to the first one.

    bench/paired.py RUNS NAME=COMMAND [NAME=COMMAND ...]

Each command is split like a shell line (no shell features); its output is discarded. Peak RSS
is the child's ru_maxrss from wait4."""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main():
    runs = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    samples = {name: [] for name, _ in commands}
    for round_ in range(runs + 1):
        for name, line in commands:
            result = run(shlex.split(line))
            if round_ > 0:  # round 0 warms the page cache
                samples[name].append(result)
    medians = {}
    print(f"{'':12} {'wall s':>9} {'cpu s':>9} {'peak RSS MiB':>13}   (medians of {runs} paired runs)")
    for name, _ in commands:
        wall, cpu, rss = (statistics.median(s[i] for s in samples[name]) for i in range(3))
        medians[name] = (wall, cpu, rss)
        print(f"{name:12} {wall:9.4f} {cpu:9.4f} {rss / 2**20:13.1f}")
    base_name = commands[0][0]
    base = medians[base_name]
    for name, _ in commands[1:]:
        other = medians[name]
        print(f"{name} / {base_name}: wall {other[0] / base[0]:.1f}x, cpu {other[1] / base[1]:.1f}x, "
              f"peak RSS {other[2] / base[2]:.2f}x")


if __name__ == "__main__":
    main()
