"""The `retzef-validate` command: the in-silico trials, run and checked (docs/validation.md).

    retzef-validate TRIAL.h5 ...                                   check result files
    retzef-validate --retzef BIN --work DIR experiments/validation/*.toml   run, then check
    retzef-validate --discharges RESULT.h5 ...     ward discharges by destination (trace
                                                   transitions), with 30-day readmission

Prints the trial table (Markdown) and exits 0 when every outcome passes, 1 when one does not;
a file it cannot read, a batch that fails or standard output that cannot be written is one line
on stderr and exit 2, never a traceback (RETZEF_DEBUG=1 shows it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from retzef_analysis import discharges, validation
from retzef_analysis.command_errors import (file_warnings_as_lines, print_to_stdout,
                                             unexpected_error)
from retzef_analysis.file import RetzefFileError

PROG = "retzef-validate"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Check the in-silico trials: each file holds one trial's two arms (control "
                    "first); the model's outcome must fall inside the published 95% interval.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="result files, or with --retzef the trials' experiment files")
    p.add_argument("--retzef", metavar="BIN", help="run each experiment file with this retzef "
                   "first (`retzef batch`), into --work")
    p.add_argument("--work", metavar="DIR", help="folder for the result files of --retzef")
    p.add_argument("--threads", type=int, default=2, help="threads for each batch (default 2)")
    p.add_argument("--discharges", action="store_true",
                   help="instead of the trials: each file's ward discharges by where they go "
                        "and the person's acuity, with the share of each readmitted within 30 "
                        "days (files run at trace transitions; docs/validation.md)")
    return p


def run_batches(binary: str, work: str, experiments: list[str], threads: int) -> list[str]:
    """Runs each trial's experiment into WORK/<name>.h5 and returns the result files."""
    os.makedirs(work, exist_ok=True)
    outputs = []
    for experiment in experiments:
        stem = os.path.splitext(os.path.basename(experiment))[0]
        out = os.path.join(work, f"{stem}.h5")
        if os.path.exists(out):
            os.remove(out)  # a trial is always re-run: its inputs may have changed
        command = [binary, "-q", "batch", experiment, "-o", out, "-t", str(threads)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): "
                               f"{done.stderr.strip()}")
        outputs.append(out)
    return outputs


def print_discharges(files: list[str]) -> int:
    """The discharge table of each file; every table is worked out before any is printed."""
    try:
        with file_warnings_as_lines(PROG):
            tables = [discharges.markdown(path) for path in files]
    except RetzefFileError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the user gets one line, not a traceback
        unexpected_error(PROG, e)
        return 2
    text = "\n".join(f"{path}\n\n{table}\n" for path, table in zip(files, tables))
    return 0 if print_to_stdout(PROG, text) else 2


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.retzef and not args.work:
        print(f"{PROG}: --retzef needs --work DIR", file=sys.stderr)
        return 2
    if args.discharges:
        if args.retzef:
            print(f"{PROG}: --discharges reads result files; run them with `retzef batch "
                  f"--trace transitions` first", file=sys.stderr)
            return 2
        return print_discharges(args.files)
    started = time.monotonic()
    try:
        files = (run_batches(args.retzef, args.work, args.files, args.threads) if args.retzef
                 else args.files)
        with file_warnings_as_lines(PROG):
            results = [r for path in files for r in validation.evaluate(path)]
    except (RetzefFileError, RuntimeError) as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the user gets one line, not a traceback
        unexpected_error(PROG, e)
        return 2
    failed = [r for r in results if not r.passes]
    if not print_to_stdout(PROG, f"{validation.table(results)}\n{PROG}: "
                                 f"{len(results) - len(failed)} of {len(results)} outcomes "
                                 f"inside the published interval "
                                 f"({time.monotonic() - started:.1f} s)"):
        return 2
    for r in failed:
        print(f"{PROG}: FAIL {r.trial}: {r.outcome.name}: model {r.model.mean:.3g} outside "
              f"{r.outcome.lower:.3g}-{r.outcome.upper:.3g} ({r.outcome.source})",
              file=sys.stderr)
    return 1 if failed else 0
