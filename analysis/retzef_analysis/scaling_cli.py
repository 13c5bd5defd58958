"""The `retzef-scaling` command: a strong-scaling table of one scenario (scaling.py).

    retzef-scaling israel                        1x1 1x2 2x1 ... up to this machine's cores
    retzef-scaling israel --configs 1x1,1x16,16x1,4x4 --repeat 3 --json

Prints the table (Markdown, or JSON lines with --json) and exits 0 when every configuration
gave the same results, 1 when one did not; a run that fails, or an option that cannot be used,
is one line on stderr and exit 2, never a traceback (RETZEF_DEBUG=1 shows it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from retzef_analysis import scaling
from retzef_analysis.command_errors import print_to_stdout, unexpected_error

PROG = "retzef-scaling"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Time one `retzef run` of a scenario on several numbers of MPI ranks and "
                    "threads, beside `retzef bench mm1`, and check that they give the same "
                    "results.",
        epilog="Exit status: 0 when every configuration gave the same results, 1 when one did "
               "not, 2 when a run failed or an option cannot be used. Open MPI run as root "
               "needs OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 in the "
               "environment. docs/kernel.md, \"Measuring strong scaling\", says how to read "
               "the table.")
    p.add_argument("scenario", help="a scenario file or built-in name (e.g. israel)")
    p.add_argument("--retzef", metavar="BIN", default="retzef",
                   help="the retzef to run (default: retzef on PATH)")
    p.add_argument("--mpiexec", metavar="BIN", default="mpiexec",
                   help="the MPI launcher for configurations of more than one rank "
                        "(default: mpiexec on PATH)")
    p.add_argument("--configs", metavar="LIST",
                   help="RANKSxTHREADS, comma-separated, e.g. 1x1,1x2,2x1 (default: 1 to this "
                        "machine's cores by powers of two, as threads and as ranks)")
    p.add_argument("-r", "--replications", type=int, default=1,
                   help="replications in each run (default 1)")
    p.add_argument("-s", "--seed", type=int, help="experiment seed (default: the scenario's)")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs of each configuration, round-robin (default 1)")
    p.add_argument("--mm1-customers", type=int, default=10_000_000, metavar="N",
                   help="customers of `retzef bench mm1`, run before and after (default 10 M)")
    p.add_argument("--oversubscribe", action="store_true",
                   help="allow configurations of more cores than this machine has (their "
                        "times then say nothing about scaling)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    return p


def check(args: argparse.Namespace, cores: int) -> list[scaling.Config]:
    """The configurations to run on a machine of `cores`, or ValueError saying which option is
    wrong."""
    for name in ("replications", "repeat", "mm1_customers"):
        if getattr(args, name) < 1:
            raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
    configs = (scaling.parse_configs(args.configs) if args.configs
               else scaling.default_configs(cores))
    too_many = [c.label for c in configs if c.cores > cores]
    if too_many and not args.oversubscribe:
        raise ValueError(f"{', '.join(too_many)} need more than this machine's {cores} cores "
                         "(--oversubscribe to run them anyway)")
    if scaling.find_program(args.retzef) is None:
        raise ValueError(f"--retzef {args.retzef}: no such program (give the path of the "
                         "binary; the README's build makes build/release/experiments/retzef)")
    if any(c.ranks > 1 for c in configs):
        found = scaling.find_program(args.mpiexec)
        if found is None:
            raise ValueError(f"--mpiexec {args.mpiexec}: no such program (configurations of "
                             "more than one rank need it)")
        args.mpiexec = found
        if scaling.refuses_root(found):
            raise ValueError(f"{found} is Open MPI's, which refuses to run as root: set "
                             + " and ".join(f"{name}=1" for name in scaling.ROOT_ALLOWED)
                             + " in the environment to allow it, or run as another user")
    return configs


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    cores = os.cpu_count() or 1
    try:
        configs = check(args, cores)
    except ValueError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    try:
        mm1 = [scaling.mm1_events_per_second(args.retzef, args.mm1_customers)]
        measurements = []
        for repeat in range(args.repeat):
            for config in configs:
                command = scaling.run_command(config, args.retzef, args.mpiexec, args.scenario,
                                              args.replications, args.seed,
                                              args.oversubscribe)
                m = scaling.measure(config, command)
                measurements.append(m)
                print(f"{PROG}: [{repeat + 1}/{args.repeat}] {config.ranks} x {config.threads}: "
                      f"{m.wall_seconds:.2f} s, {m.events:,} events", file=sys.stderr)
        mm1.append(scaling.mm1_events_per_second(args.retzef, args.mm1_customers))
    except scaling.ScalingError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the user gets one line, not a traceback
        unexpected_error(PROG, e)
        return 2
    reference = sum(mm1) / len(mm1)
    records = scaling.summary(scaling.rows(measurements), reference)
    different = scaling.differing(measurements)
    if args.json:
        lines = [json.dumps({"scenario": args.scenario, "replications": args.replications,
                             "mm1_events_per_second": mm1, "cores": cores,
                             "same_results": not different})]
        lines += [json.dumps(r) for r in records]
    else:
        lines = [f"{args.scenario}, {args.replications} replication"
                 f"{'s' if args.replications != 1 else ''}, on a machine of {cores} "
                 f"cores; `retzef bench mm1` {mm1[0] / 1e6:.1f} M events/s before and "
                 f"{mm1[1] / 1e6:.1f} M after\n", scaling.table(records)]
        over = [c.label for c in configs if c.cores > cores]
        if over:
            lines.append(f"\n{', '.join(over)}: more cores than the machine has "
                         "(oversubscribed); their times say nothing about scaling")
    if not print_to_stdout(PROG, "\n".join(lines)):
        return 2
    if different:
        print(f"{PROG}: results differ from {measurements[0].config.label}'s in "
              f"{', '.join(c.label for c in different)}", file=sys.stderr)
        return 1
    print(f"{PROG}: the same results, to the last digit, in every configuration",
          file=sys.stderr)
    return 0
