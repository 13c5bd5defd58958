"""The `retzef-report` command: a retzef file in, the comparison report out.

Every failure the user can cause or fix (a wrong file, an unknown baseline, an unwritable
directory) is one line on stderr and a non-zero exit, never a traceback; set RETZEF_DEBUG=1 to
see the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import sys

from retzef_analysis import report
from retzef_analysis.command_errors import (file_warnings_as_lines, print_to_stdout,
                                             unexpected_error)
from retzef_analysis.file import RetzefFileError

PROG = "retzef-report"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Write the comparison report of a retzef output file: DIR/index.html (one "
                    "self-contained page) and DIR/indicators.csv.")
    p.add_argument("file", metavar="OUT.h5", help="a file written by `retzef batch`")
    p.add_argument("-o", "--output", metavar="DIR", required=True,
                   help="directory to write the report into (created if missing)")
    p.add_argument("--baseline", metavar="CASE",
                   help="the case the others are compared with (default: medical if there is "
                        "one, else the first case)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with file_warnings_as_lines(PROG):
            result = report.build(args.file, args.output, args.baseline)
    except (RetzefFileError, report.ReportError) as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        where = e.filename or args.output
        print(f"{PROG}: cannot write {where}: {e.strerror or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the user gets one line, not a traceback
        unexpected_error(PROG, e, f"reading {args.file}")
        return 3
    written = print_to_stdout(PROG, f"{PROG}: report of {len(result.cases)} cases (baseline "
                                    f"{result.baseline}) in {result.html}; numbers in {result.csv}")
    return 0 if written else 1
