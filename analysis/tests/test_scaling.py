"""`retzef-scaling`: the configurations it runs, the table it prints, and a real run of the
national scenario on a short horizon on one and two threads and two ranks, which must agree.

A stand-in retzef (a shell script) makes the runs that differ by thread count or fail, which the
real one never does. The real run needs the simulator (RETZEF_BINARY, as test_batch.py) and
mpiexec (RETZEF_MPIEXEC from CTest, else on PATH).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ANALYSIS
from retzef_analysis import scaling
from retzef_analysis.scaling import Config, Measurement
from test_batch import retzef_binary

SCRIPT = ANALYSIS / "retzef-scaling"

SHORT_ISRAEL = """\
[scenario]
base = "israel_recovery"
name = "short_israel"
horizon_days = 40
warmup_days = 10
"""


def run_scaling(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", OMPI_ALLOW_RUN_AS_ROOT="1",
                       OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", **(env or {}))
    environment.pop("RETZEF_DEBUG", None)
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          env=environment, timeout=300)


def mpiexec() -> str:
    found = os.environ.get("RETZEF_MPIEXEC") or shutil.which("mpiexec")
    if not found:
        pytest.fail("no mpiexec: install openmpi-bin or set RETZEF_MPIEXEC")
    return found


def fake_retzef(tmp_path: Path, run_body: str) -> Path:
    """A stand-in retzef: `bench mm1` prints a reference line; `run` does what run_body says
    (with $threads set from -t)."""
    script = tmp_path / "retzef"
    script.write_text(f"""#!/bin/bash
if [ "$2" = bench ]; then
  echo '{{"bench":"mm1","events_per_second":20000000.0}}'
  exit 0
fi
threads=1
while [ $# -gt 0 ]; do [ "$1" = -t ] && threads=$2; shift; done
{run_body}
""")
    script.chmod(0o755)
    return script


def measurement(ranks, threads, wall, results=("a",), events=1000, rss=100):
    return Measurement(Config(ranks, threads), wall, events, rss, list(results))


def test_configurations_parse_in_order_and_bad_ones_are_named():
    assert scaling.parse_configs("1x1, 1x2,2X1 ,4x4") == [
        Config(1, 1), Config(1, 2), Config(2, 1), Config(4, 4)]
    for text, says in [("2", "expected RANKSxTHREADS"), ("1x1,,2x1", "expected"),
                       ("0x2", "ranks must be 1 to 4096"), ("1x2000", "threads 1 to 1024"),
                       ("1x2,1x2", "given twice"), ("ax1", "expected")]:
        with pytest.raises(ValueError, match=says):
            scaling.parse_configs(text)


def test_default_configurations_are_powers_of_two_up_to_the_cores():
    assert scaling.default_configs(1) == [Config(1, 1)]
    assert scaling.default_configs(2) == [Config(1, 1), Config(1, 2), Config(2, 1)]
    labels = [c.label for c in scaling.default_configs(16)]
    assert labels == ["1x1", "1x2", "1x4", "1x8", "1x16", "2x1", "4x1", "8x1", "16x1"]
    assert [c.label for c in scaling.default_configs(6)][:5] == ["1x1", "1x2", "1x4", "1x6",
                                                                 "2x1"]


def test_one_rank_runs_without_mpirun_and_ranks_are_not_bound():
    one = scaling.run_command(Config(1, 4), "retzef", "mpiexec", "israel", 2, 7, False)
    assert one == ["retzef", "-q", "--no-progress", "run", "israel", "-r", "2", "-t", "4",
                   "--json", "--seed", "7"]
    two = scaling.run_command(Config(2, 1), "retzef", "mpiexec", "israel", 1, None, True)
    assert two[:6] == ["mpiexec", "--bind-to", "none", "-np", "2", "--oversubscribe"]
    assert "--seed" not in two
    with pytest.raises(scaling.ScalingError, match="needs mpiexec"):
        scaling.run_command(Config(2, 1), "retzef", None, "israel", 1, None, False)


def test_timings_are_not_results():
    events, results = scaling.results_of(
        '{"design":"d","replications":1,"events":12,"seconds":0.5,"events_per_second":24}\n'
        '{"design":"d","indicator":"x","mean":1.5}\n\n')
    assert events == 12
    assert results == ['{"design": "d", "events": 12, "replications": 1}',
                       '{"design": "d", "indicator": "x", "mean": 1.5}']
    with pytest.raises(ValueError, match="no line gives the run's events"):
        scaling.results_of('{"design":"d","indicator":"x","mean":1.5}\n')


def test_speed_up_efficiency_and_the_ratio_to_mm1():
    runs = [measurement(1, 1, 10.0, rss=400), measurement(1, 2, 6.0, rss=450),
            measurement(1, 1, 12.0, rss=410), measurement(1, 2, 5.0, rss=440),
            measurement(1, 1, 11.0, rss=405), measurement(1, 2, 5.5, rss=445)]
    records = scaling.summary(scaling.rows(runs), mm1=100.0)
    one, two = records
    assert (one["wall_seconds"], one["wall_min"], one["wall_max"]) == (11.0, 10.0, 12.0)
    assert two["wall_seconds"] == 5.5 and two["repeats"] == 3
    assert two["speedup"] == pytest.approx(2.0)
    assert two["efficiency"] == pytest.approx(1.0)
    assert two["events_per_second_per_core"] == pytest.approx(1000 / 5.5 / 2)
    assert two["ratio_to_mm1_per_core"] == pytest.approx(1000 / 5.5 / 2 / 100)
    assert two["max_rss_mb"] == pytest.approx(450e-6)
    text = scaling.table(records)
    assert "| 1 x 2 | 5.50 (5.00-6.00) | 2.00 | 100% |" in text
    assert text.count("\n") == 3


def test_without_a_one_core_run_there_is_no_speed_up():
    records = scaling.summary(scaling.rows([measurement(2, 1, 4.0)]), mm1=100.0)
    assert "speedup" not in records[0]
    assert "speed-up" not in scaling.table(records)


def test_a_configuration_with_other_results_is_named():
    runs = [measurement(1, 1, 1.0), measurement(1, 2, 1.0, results=("b",)),
            measurement(2, 1, 1.0), measurement(1, 2, 1.0)]
    assert scaling.differing(runs) == [Config(1, 2)]


def test_results_that_differ_by_threads_exit_1_and_are_named(tmp_path):
    retzef = fake_retzef(tmp_path, """
echo '{"design":"d","replications":1,"events":100,"seconds":0.1,"events_per_second":1000}'
echo "{\\"design\\":\\"d\\",\\"indicator\\":\\"x\\",\\"mean\\":$threads}"
""")
    done = run_scaling("d.toml", "--retzef", retzef, "--configs", "1x1,1x2", "--json",
                       "--repeat", "2")
    assert done.returncode == 1, done.stderr
    assert "results differ from 1x1's in 1x2" in done.stderr
    head, *records = [json.loads(line) for line in done.stdout.splitlines()]
    assert head["same_results"] is False
    assert head["mm1_events_per_second"] == [2e7, 2e7]
    assert [(r["ranks"], r["threads"], r["repeats"]) for r in records] == [(1, 1, 2), (1, 2, 2)]


def test_a_failing_run_is_one_line_with_its_message(tmp_path):
    retzef = fake_retzef(tmp_path, "echo 'error: d.toml:3: no such key' >&2; exit 3")
    done = run_scaling("d.toml", "--retzef", retzef, "--configs", "1x1")
    assert done.returncode == 2
    assert "failed (exit 3): error: d.toml:3: no such key" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args, says", [
    (["--configs", "1y1"], "expected RANKSxTHREADS"),
    (["--configs", "1x100000"], "threads 1 to 1024"),
    (["--configs", f"1x{(os.cpu_count() or 1) + 1}"], "need more than this machine's"),
    (["--repeat", "0"], "--repeat must be at least 1"),
    (["--retzef", "/nonexistent/retzef"], "--retzef /nonexistent/retzef: no such program"),
    (["--configs", "2x1", "--mpiexec", "/nonexistent/mpiexec"], "no such program"),
])
def test_bad_options_are_refused_before_anything_runs(args, says):
    done = run_scaling("israel", "--retzef", str(retzef_binary()), *args)
    assert done.returncode == 2
    assert says in done.stderr
    assert done.stdout == ""


def fake_mpiexec(tmp_path: Path, version: str) -> Path:
    script = tmp_path / "mpiexec"
    script.write_text(f"#!/bin/bash\necho '{version}'\n")
    script.chmod(0o755)
    return script


def test_open_mpi_as_root_is_refused_before_anything_runs_unless_allowed(tmp_path):
    open_mpi = str(fake_mpiexec(tmp_path, "mpiexec (OpenRTE) 4.1.4\n\nReport bugs to "
                                "http://www.open-mpi.org/community/help/"))
    allowed = {name: "1" for name in scaling.ROOT_ALLOWED}
    assert scaling.refuses_root(open_mpi, environ={}, euid=0)
    assert scaling.refuses_root(open_mpi, environ={scaling.ROOT_ALLOWED[0]: "1"}, euid=0)
    assert not scaling.refuses_root(open_mpi, environ=allowed, euid=0)
    assert not scaling.refuses_root(open_mpi, environ={}, euid=1000)
    other = tmp_path / "other"
    other.mkdir()
    assert not scaling.refuses_root(str(fake_mpiexec(other, "HYDRA build details:")),
                                    environ={}, euid=0)
    if os.geteuid() == 0:  # the whole command, as it is run here
        environment = {k: v for k, v in os.environ.items() if k not in scaling.ROOT_ALLOWED}
        done = subprocess.run([str(SCRIPT), "israel", "--retzef", str(retzef_binary()),
                               "--configs", "1x1,2x1", "--oversubscribe", "--mpiexec",
                               open_mpi], capture_output=True, text=True, env=environment,
                              timeout=60)
        assert done.returncode == 2
        assert "refuses to run as root: set OMPI_ALLOW_RUN_AS_ROOT=1" in done.stderr
        assert done.stdout == ""


def test_national_scenario_on_threads_and_ranks_agrees(tmp_path):
    scenario = tmp_path / "short_israel.toml"
    scenario.write_text(SHORT_ISRAEL)
    # Under the asan preset, LeakSanitizer counts what Open MPI leaves allocated at exit and
    # fails the ranks; the command-line tests that run mpiexec turn it off the same way.
    done = run_scaling(scenario, "--retzef", str(retzef_binary()), "--mpiexec", mpiexec(),
                       "--configs", "1x1,1x2,2x1", "--mm1-customers", "200000", "--json",
                       env={"ASAN_OPTIONS": "detect_leaks=0"})
    assert done.returncode == 0, done.stderr
    assert "the same results, to the last digit, in every configuration" in done.stderr
    head, *records = [json.loads(line) for line in done.stdout.splitlines()]
    assert head["same_results"] is True and len(head["mm1_events_per_second"]) == 2
    assert [(r["ranks"], r["threads"]) for r in records] == [(1, 1), (1, 2), (2, 1)]
    assert len({r["events"] for r in records}) == 1 and records[0]["events"] > 100_000
    for r in records:
        # Tens of MB at least: the national scenario's people, not the launcher alone.
        assert r["max_rss_mb"] > 50, r
        assert r["wall_seconds"] > 0 and r["ratio_to_mm1_per_core"] > 0
    assert records[0]["speedup"] == 1.0


def test_a_reference_without_its_speed_is_one_line(tmp_path):
    retzef = tmp_path / "retzef"
    retzef.write_text("#!/bin/bash\necho '{\"bench\":\"mm1\"}'\n")
    retzef.chmod(0o755)
    done = run_scaling("d.toml", "--retzef", retzef, "--configs", "1x1")
    assert done.returncode == 2
    assert "`retzef bench mm1` printed no events a second" in done.stderr


def test_standard_output_on_a_full_device_is_an_error(tmp_path):
    retzef = fake_retzef(tmp_path, """
echo '{"design":"d","replications":1,"events":100,"seconds":0.1,"events_per_second":1000}'
""")
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(SCRIPT), "d.toml", "--retzef", str(retzef), "--configs",
                               "1x1"], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("cannot write to standard output") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_oversubscribed_configurations_are_marked(tmp_path):
    retzef = fake_retzef(tmp_path, """
echo '{"design":"d","replications":1,"events":100,"seconds":0.1,"events_per_second":1000}'
""")
    cores = os.cpu_count() or 1
    done = run_scaling("d.toml", "--retzef", retzef, "--configs", f"1x1,1x{cores + 1}",
                       "--oversubscribe")
    assert done.returncode == 0, done.stderr
    assert f"1x{cores + 1}: more cores than the machine has (oversubscribed)" in done.stdout
    assert "1x1:" not in done.stdout
