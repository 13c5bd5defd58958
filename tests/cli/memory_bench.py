#!/usr/bin/python3
"""`retzef bench memory`: one JSON line for each size and page size, in the order asked, whose
figures are what was read (the reads asked for, the time they took, the place the chase ended,
the same on both page sizes since the order depends only on the seed and the size). Timings
themselves are not judged: they depend on the machine.

Usage: memory_bench.py RETZEF
"""
import json
import subprocess
import sys

retzef = sys.argv[1]


def bench(*args):
    out = subprocess.run([retzef, "-q", "bench", "memory", *args], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


lines = bench("--megabytes", "1,2", "--reads", "5000")
assert [(x["megabytes"], x["pages"]) for x in lines] == \
    [(1, "2MiB"), (1, "4KiB"), (2, "2MiB"), (2, "4KiB")], lines
for x in lines:
    assert x["bench"] == "memory" and x["reads"] == 5000, x
    assert x["seconds"] > 0, x
    assert abs(x["ns_per_read"] - x["seconds"] * 1e9 / x["reads"]) <= 1e-8 * x["ns_per_read"], x
    assert 0 <= x["huge_page_share"] <= 1, x
    assert 0 <= x["end"] < x["megabytes"] * (1 << 20) // 64, x
assert lines[0]["end"] == lines[1]["end"] and lines[2]["end"] == lines[3]["end"], lines
# Without huge pages asked for, the kernel gives none.
assert lines[1]["huge_page_share"] == 0 and lines[3]["huge_page_share"] == 0, lines
print("ok: four lines, each the reads it made")

again = bench("--megabytes", "1", "--reads", "5000")
other = bench("--megabytes", "1", "--reads", "5000", "--seed", "2")
assert again[0]["end"] == lines[0]["end"], (again, lines)
assert other[0]["end"] != lines[0]["end"], (other, lines)
print("ok: the seed, and only the seed, sets the order of the reads")
