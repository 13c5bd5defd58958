#!/usr/bin/python3
"""`retzef bench model`: one JSON line a round and one of medians, whose figures are what the
rounds measured (each round's ratio is its model rate over its M/M/1 rate; the summary's ratio
is the median of the rounds' after the first, which pays for the process's first touch of its
memory, within their range, and the first round's ratio is given beside it; the memory's time a
read likewise), every round of one replication handles the same events, another replication
other events; a scenario file and a built-in name both work.
Timings themselves are not judged: they depend on the machine.

Usage: model_bench.py RETZEF SCENARIO_FILE
"""
import json
import statistics
import subprocess
import sys

retzef, scenario = sys.argv[1], sys.argv[2]


def bench(*args):
    out = subprocess.run([retzef, "-q", "bench", "model", *args], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def close(a, b):
    # The lines print 10 significant digits.
    return abs(a - b) <= 1e-8 * max(abs(a), abs(b))


lines = bench(scenario, "--rounds", "3", "--customers", "20000")
assert len(lines) == 4, lines
rounds, summary = lines[:3], lines[3]
for k, r in enumerate(rounds, start=1):
    assert r["bench"] == "model" and r["round"] == k, r
    assert r["events"] > 0 and r["mm1_events"] > 0 and r["seconds"] > 0, r
    assert close(r["events_per_second"], r["events"] / r["seconds"]), r
    assert close(r["mm1_events_per_second"], r["mm1_events"] / r["mm1_seconds"]), r
    assert close(r["ratio"], r["events_per_second"] / r["mm1_events_per_second"]), r
    assert r["memory_ns"] > 0, r
    assert r["events"] == rounds[0]["events"], (r, rounds[0])
warm = rounds[1:]  # the medians leave out the first round
ratios = [r["ratio"] for r in warm]
assert summary["rounds"] == 3 and summary["rounds_in_medians"] == 2, summary
assert summary["replication"] == 0, summary
assert close(summary["first_round_ratio"], rounds[0]["ratio"]), summary
assert close(summary["ratio"], statistics.median(ratios)), (summary, ratios)
assert close(summary["ratio_min"], min(ratios)) and close(summary["ratio_max"], max(ratios))
assert close(summary["events_per_second"],
             statistics.median(r["events_per_second"] for r in warm)), summary
assert close(summary["mm1_events_per_second"],
             statistics.median(r["mm1_events_per_second"] for r in warm)), summary
assert summary["events"] == rounds[0]["events"], summary
assert summary["memory_megabytes"] == 64, summary
assert close(summary["memory_ns"], statistics.median(r["memory_ns"] for r in warm)), summary
print(f"ok: 3 rounds of {summary['scenario']}, median ratio {summary['ratio']:.3f} of the "
      f"last two, the first {summary['first_round_ratio']:.3f}")

# Two rounds: the second alone; one round: that one.
two = bench(scenario, "--rounds", "2", "--customers", "20000")
assert two[2]["rounds_in_medians"] == 1 and close(two[2]["ratio"], two[1]["ratio"]), two
assert close(two[2]["first_round_ratio"], two[0]["ratio"]), two
one = bench(scenario, "--rounds", "1", "--customers", "20000")
assert one[1]["rounds_in_medians"] == 1 and close(one[1]["ratio"], one[0]["ratio"]), one
assert close(one[1]["first_round_ratio"], one[0]["ratio"]), one
print("ok: two rounds give the second's ratio, one round its own")

other = bench(scenario, "--rounds", "1", "--customers", "20000", "--replication", "1")[-1]
assert other["replication"] == 1 and other["checksum"] != summary["checksum"], (other, summary)
assert one[-1]["checksum"] == summary["checksum"], (one, summary)
print("ok: another replication handles other events, the same one the same")

builtin = bench("medical", "--rounds", "1", "--customers", "1000")
assert len(builtin) == 2 and builtin[1]["scenario"] == "medical", builtin
print("ok: a built-in scenario by name")
