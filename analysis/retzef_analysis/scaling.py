"""Strong scaling: one `retzef run` of a scenario timed on several numbers of processes (MPI
ranks) and threads, with its peak memory, beside `retzef bench mm1` as the machine's speed
reference, and its results compared across them.

The work is fixed (the same scenario, replications and seed), so the table says how the wall
time falls as cores are added. Every configuration must print the same indicators to the last
digit, since a run's results do not depend on its threads or ranks (README, "Speed"): a
configuration that differs is reported, and the table is then not a measurement of one thing.
Configurations are run round-robin (each repeat visits every configuration once) so that a
machine whose speed drifts slows all of them alike. The command is `retzef-scaling`
(scaling_cli.py); docs/kernel.md, "Measuring strong scaling", says how to read it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

# The keys of `retzef run --json` lines that are timings, not results.
TIMING_KEYS = ("seconds", "events_per_second")
# The warm-up check's verdict says how far the run could judge it, not what it found: under
# mpirun no rank keeps every region's daily series, so the points a single process re-judges
# stand unjudged there (docs/experiments.md).
WARMUP_KEYS = ("warmup_check", "warmup_note")


class ScalingError(RuntimeError):
    """A run that could not be made or measured, with what to do about it."""


@dataclass(frozen=True, order=True)
class Config:
    """Processes (MPI ranks) and threads in each; one process runs without mpirun."""

    ranks: int
    threads: int

    @property
    def cores(self) -> int:
        return self.ranks * self.threads

    @property
    def label(self) -> str:
        return f"{self.ranks}x{self.threads}"


def parse_configs(text: str) -> list[Config]:
    """`1x1,1x2,2x1` (ranks x threads), in the order given; duplicates are refused."""
    configs: list[Config] = []
    for item in (part.strip() for part in text.split(",")):
        match = re.fullmatch(r"([0-9]+)\s*[xX]\s*([0-9]+)", item)
        if not match:
            raise ValueError(f"configuration {item!r}: expected RANKSxTHREADS, e.g. 2x4")
        config = Config(int(match[1]), int(match[2]))
        if not 1 <= config.ranks <= 4096 or not 1 <= config.threads <= 1024:
            raise ValueError(f"configuration {item!r}: ranks must be 1 to 4096 and threads "
                             "1 to 1024")
        if config in configs:
            raise ValueError(f"configuration {item!r} is given twice")
        configs.append(config)
    return configs


def default_configs(cores: int) -> list[Config]:
    """Threads in one process, then ranks of one thread, by powers of two up to `cores` (and
    `cores` itself): on 16 cores 1x1 1x2 1x4 1x8 1x16 2x1 4x1 8x1 16x1."""
    counts = sorted({1 << k for k in range(cores.bit_length()) if 1 << k <= cores} | {cores})
    return [Config(1, n) for n in counts] + [Config(n, 1) for n in counts if n > 1]


@dataclass
class Measurement:
    """One run of one configuration."""

    config: Config
    wall_seconds: float  # the process (mpirun and its ranks) from start to exit
    events: int
    max_rss_bytes: int  # the largest single process: a rank, or the one process
    results: list[str] = field(repr=False)  # the JSON lines without their timings


def run_command(config: Config, retzef: str, mpiexec: str | None, scenario: str,
                replications: int, seed: int | None, oversubscribe: bool) -> list[str]:
    """The command line of one run. Ranks are not bound to cores, so that a rank's threads
    can use the cores it is given (Open MPI binds each rank to one core by default)."""
    run = [retzef, "-q", "--no-progress", "run", scenario, "-r", str(replications),
           "-t", str(config.threads), "--json"]
    if seed is not None:
        run += ["--seed", str(seed)]
    if config.ranks == 1:
        return run
    if not mpiexec:
        raise ScalingError(f"configuration {config.label} needs mpiexec (--mpiexec)")
    launch = [mpiexec, "--bind-to", "none", "-np", str(config.ranks)]
    if oversubscribe:
        launch.append("--oversubscribe")
    return launch + run


def results_of(stdout: str) -> tuple[int, list[str]]:
    """The events of a run's first line and every line with its timings removed."""
    events = None
    results = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if events is None and "events" in record:
            events = int(record["events"])
        for key in TIMING_KEYS + WARMUP_KEYS:
            record.pop(key, None)
        results.append(json.dumps(record, sort_keys=True))
    if events is None:
        raise ValueError("no line gives the run's events")
    return events, results


def measure(config: Config, command: list[str]) -> Measurement:
    """Runs `command`, timing it and taking its peak resident memory from the kernel's count
    for the process and every descendant it waited for (wait4): for mpirun, the largest rank."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        try:
            process = subprocess.Popen(command, stdout=out, stderr=err)
        except OSError as e:
            raise ScalingError(f"cannot start {command[0]}: {e.strerror}") from e
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: the run is not left behind, running on its own
            process.terminate()
            process.wait()
            raise
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        raise ScalingError(f"{config.label}: `{' '.join(command)}` failed (exit "
                           f"{process.returncode}): {tail}")
    try:
        events, results = results_of(stdout)
    except ValueError as e:  # json.JSONDecodeError is a ValueError
        raise ScalingError(f"{config.label}: `{' '.join(command)}` printed no run: {e}") from e
    return Measurement(config, wall, events, usage.ru_maxrss * 1024, results)


def mm1_events_per_second(retzef: str, customers: int) -> float:
    """`retzef bench mm1`: the kernel's events a second on one core, the speed reference."""
    done = subprocess.run([retzef, "-q", "bench", "mm1", "--customers", str(customers)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise ScalingError(f"`retzef bench mm1` failed (exit {done.returncode}): "
                           f"{done.stderr.strip()}")
    try:
        return float(json.loads(done.stdout.splitlines()[-1])["events_per_second"])
    except (ValueError, KeyError, IndexError) as e:
        raise ScalingError(f"`retzef bench mm1` printed no events a second: {e!r}") from e


def find_program(name: str) -> str | None:
    """A program by path, or by name on PATH."""
    if os.sep in name:
        return name if os.access(name, os.X_OK) else None
    return shutil.which(name)


ROOT_ALLOWED = ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM")


def refuses_root(mpiexec: str, environ: dict[str, str] | None = None,
                 euid: int | None = None) -> bool:
    """Whether `mpiexec` will refuse to start: Open MPI's does, run as root, unless both of
    ROOT_ALLOWED are set to 1 (it then prints a page of advice and the run fails)."""
    environ = os.environ if environ is None else environ
    euid = os.geteuid() if euid is None else euid
    if euid != 0 or all(environ.get(name) == "1" for name in ROOT_ALLOWED):
        return False
    try:
        done = subprocess.run([mpiexec, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False  # left to the run itself to fail, with its own message
    said = done.stdout + done.stderr
    # 4.x says "mpiexec (OpenRTE) 4.1.4" and its bug address; 5.x "mpiexec (Open MPI) 5.0.3".
    return any(mark in said for mark in ("Open MPI", "OpenRTE", "open-mpi.org"))


def differing(measurements: list[Measurement]) -> list[Config]:
    """Configurations whose results differ from the first run's."""
    first = measurements[0].results
    return sorted({m.config for m in measurements if m.results != first})


@dataclass
class Row:
    """One configuration over its repeats."""

    config: Config
    wall: list[float]
    events: int
    max_rss_bytes: int

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


def rows(measurements: list[Measurement]) -> list[Row]:
    """Measurements grouped by configuration, in the order they were first run."""
    by_config: dict[Config, Row] = {}
    for m in measurements:
        row = by_config.setdefault(m.config, Row(m.config, [], m.events, 0))
        row.wall.append(m.wall_seconds)
        row.max_rss_bytes = max(row.max_rss_bytes, m.max_rss_bytes)
    return list(by_config.values())


def summary(table_rows: list[Row], mm1: float) -> list[dict]:
    """Per configuration: wall time (median and range), speed-up and efficiency against the
    one-core run (when there is one), events a second per core and that as a ratio to mm1."""
    base = next((r for r in table_rows if r.config == Config(1, 1)), None)
    out = []
    for r in table_rows:
        per_core = r.events / r.median / r.config.cores
        record = {
            "ranks": r.config.ranks, "threads": r.config.threads, "cores": r.config.cores,
            "repeats": len(r.wall), "wall_seconds": r.median, "wall_min": min(r.wall),
            "wall_max": max(r.wall), "events": r.events,
            "events_per_second_per_core": per_core, "ratio_to_mm1_per_core": per_core / mm1,
            "max_rss_mb": r.max_rss_bytes / 1e6,
        }
        if base is not None:
            record["speedup"] = base.median / r.median
            record["efficiency"] = base.median / r.median / r.config.cores
        out.append(record)
    return out


def _seconds(record: dict) -> str:
    if record["repeats"] == 1:
        return f"{record['wall_seconds']:.2f}"
    return f"{record['wall_seconds']:.2f} ({record['wall_min']:.2f}-{record['wall_max']:.2f})"


def table(records: list[dict]) -> str:
    """The summary as a Markdown table."""
    has_base = records and "speedup" in records[0]
    head = ["ranks x threads", "wall time, s", "events/s per core", "of mm1 per core",
            "peak resident, MB"]
    if has_base:
        head[2:2] = ["speed-up", "efficiency"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in records:
        cells = [f"{r['ranks']} x {r['threads']}", _seconds(r),
                 f"{r['events_per_second_per_core'] / 1e6:.2f} M",
                 f"{r['ratio_to_mm1_per_core']:.3f}", f"{r['max_rss_mb']:.0f}"]
        if has_base:
            cells[2:2] = [f"{r['speedup']:.2f}", f"{r['efficiency']:.0%}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
