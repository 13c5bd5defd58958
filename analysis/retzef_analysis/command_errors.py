"""How the analysis commands (retzef-report, retzef-validate, retzef-scaling) end on an error:
one line on stderr naming the command, never a traceback unless RETZEF_DEBUG=1 asks for it, and
standard output that cannot be written to said once, not again by Python's flush at exit.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
import warnings

from retzef_analysis.file import RetzefFileWarning


def unexpected_error(prog: str, e: BaseException, context: str = "") -> None:
    """One line for an error no handler foresaw ("unexpected error reading X: ..." with
    context "reading X"); with RETZEF_DEBUG set, the traceback first."""
    if os.environ.get("RETZEF_DEBUG"):
        traceback.print_exc()
    where = f" {context}" if context else ""
    print(f"{prog}: unexpected error{where}: {type(e).__name__}: {e} "
          "(set RETZEF_DEBUG=1 for details)", file=sys.stderr)


def print_to_stdout(prog: str, text: str) -> bool:
    """Prints `text` and flushes it; False, with one line on stderr ("PROG: cannot write to
    standard output: ..."), where standard output cannot take it (a full disk, a closed pipe)."""
    try:
        print(text)
        sys.stdout.flush()
    except OSError as e:
        silence_stdout()
        print(f"{prog}: cannot write to standard output: {e.strerror or e}", file=sys.stderr)
        return False
    return True


def silence_stdout() -> None:
    """Points standard output at /dev/null, so that Python's own flush at exit, of what could
    not be written, does not end in a second message and a different exit status."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@contextlib.contextmanager
def file_warnings_as_lines(prog: str):
    """Says each warning about a file read inside the block (RetzefFileWarning: a file with no
    checksum, say) as one line on stderr, "PROG: warning: ...", once the block has ended well;
    any other warning as Python shows it. A block that ends in an error says nothing more: the
    error is the one message."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RetzefFileWarning)
        yield
    for w in caught:
        if issubclass(w.category, RetzefFileWarning):
            print(f"{prog}: warning: {w.message}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
