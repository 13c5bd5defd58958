#!/usr/bin/python3
"""A mutation campaign against retzef's inputs: every way in which a user can hand it a broken
file, run many times with random variations, each run under a timeout.

The scenario and experiment fixtures of the tests, and a small result file made here, are
mutated in classes (byte flips, truncation, huge numbers, deep nesting, wrong types, odd names,
special files, damaged result files, signals to a running batch), and retzef is run on each
mutant. Every outcome is one of

  refused   a non-zero exit below 128 with a message on stderr (what a bad input must get)
  accepted  exit 0 (a mutation may leave the file valid)
  silent    a non-zero exit with nothing on stderr
  crash     an exit at or above 128 (a signal), or a sanitizer's report
  hang      still running at the timeout

and silent, crash and hang are failures; for the signals class a failure is an exit status
other than 0, 130 or 143 (or the signal's own, before the batch has started), a stop without
its message, or a temporary file left behind. The table of classes, inputs tried
and failures is printed; the exit status is 1 when anything failed. The failing inputs are kept
under WORK/failures for a regression fixture.

A short run (`--per-class 30`) is part of the tests; a long one, for thousands per class:
    nice -n 19 /usr/bin/python3 tests/cli/mutate_inputs.py --retzef build/release/experiments/retzef \\
        --source . --work build/mutate --per-class 3000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

CLASSES = ("byte_flips", "truncation", "huge_numbers", "deep_nesting", "wrong_types",
           "odd_names", "special_files", "result_files", "signals")
SANITIZER = re.compile(rb"(AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                       rb"LeakSanitizer|ThreadSanitizer)")
NUMBER = re.compile(rb"(?<![\w.\"])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w\"])")
STRING = re.compile(rb'"[^"\n]*"')
VALUE = re.compile(rb"=\s*([^\n#]+)")
HUGE = [b"1e308", b"-1e308", b"1e-300", b"9223372036854775807", b"-9223372036854775808",
        b"18446744073709551616", b"nan", b"inf", b"-inf", b"0", b"-1", b"1e9", b"0.0000001",
        b"4294967296", b"999999999999999999999999999"]
WRONG = [b'"text"', b"[1, 2]", b"{ a = 1 }", b"true", b"[]", b"{}", b'[["x"]]', b"1979-05-27",
         b"12:00:00", b"0x10", b"[{ name = 1 }]"]
ODD = ["", ".", "..", "/", "a/b", "a@b", "\\u0000", "\\n", "a\\nb", "\\t", "\\u001b[31m",
       "x" * 5000, "\u00e9\u00e8", "\U0001F600", "..\\u0000", " ", "-", "#", "a.b", "[x]"]


class Outcome:
    REFUSED, ACCEPTED, SILENT, CRASH, HANG = "refused", "accepted", "silent", "crash", "hang"
    FAILURES = (SILENT, CRASH, HANG)


def run(cmd: list[str], timeout: float, cwd: Path, stdin=subprocess.DEVNULL) -> tuple[str, int, bytes]:
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome.HANG, -1, b""
    if p.returncode < 0 or p.returncode >= 128 or SANITIZER.search(p.stderr):
        return Outcome.CRASH, p.returncode, p.stderr
    if p.returncode == 0:
        return Outcome.ACCEPTED, 0, p.stderr
    if not p.stderr.strip():
        return Outcome.SILENT, p.returncode, p.stderr
    return Outcome.REFUSED, p.returncode, p.stderr


class Campaign:
    def __init__(self, args: argparse.Namespace):
        self.retzef = str(Path(args.retzef).resolve())
        self.report = str(Path(args.source, "analysis", "retzef-report").resolve())
        self.work = Path(args.work).resolve()
        self.timeout = args.timeout
        self.per_class = args.per_class
        self.rng = random.Random(args.seed)
        self.source = Path(args.source).resolve()
        self.table: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in CLASSES}  # tried, fail, ok, no
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "failures").mkdir(parents=True)
        # Copies of the fixture folders, so that relative base scenarios still resolve.
        self.fixtures: list[Path] = []
        for folder in ("tests/models/scenarios", "tests/experiments", "experiments/scenarios",
                       "analysis/tests"):
            dest = self.work / "fixtures" / folder.replace("/", "_")
            shutil.copytree(self.source / folder, dest, ignore=shutil.ignore_patterns("*.py"))
            self.fixtures += sorted(dest.rglob("*.toml"))
        self.texts = {f: f.read_bytes() for f in self.fixtures}

    # --- bookkeeping ----------------------------------------------------------------------

    def record(self, klass: str, outcome: str, code: int, what: str, keep: Path | None,
               stderr: bytes) -> None:
        row = self.table[klass]
        row[0] += 1
        if outcome in Outcome.FAILURES:
            row[1] += 1
            n = row[1]
            dest = self.work / "failures" / f"{klass}-{n}"
            dest.mkdir(parents=True, exist_ok=True)
            if keep is not None and keep.is_file():
                shutil.copy(keep, dest / keep.name)
            (dest / "what.txt").write_text(f"{what}\n{outcome} (exit {code})\n"
                                           f"{stderr.decode(errors='replace')}\n")
            print(f"FAIL {klass}: {outcome} (exit {code}) on {what}", file=sys.stderr)
        elif outcome == Outcome.REFUSED:
            row[2] += 1
        else:
            row[3] += 1

    def validate(self, klass: str, fixture: Path, text: bytes, what: str) -> None:
        mutant = fixture.with_name("mutant.toml")
        mutant.write_bytes(text)
        outcome, code, err = run([self.retzef, "validate", mutant.name], self.timeout,
                                 mutant.parent)
        self.record(klass, outcome, code, f"{what} of {fixture.name}", mutant, err)

    def pick(self) -> tuple[Path, bytes]:
        f = self.rng.choice(self.fixtures)
        return f, self.texts[f]

    # --- classes of mutation ---------------------------------------------------------------

    def byte_flips(self) -> None:
        f, text = self.pick()
        b = bytearray(text)
        for _ in range(self.rng.randint(1, 8)):
            i = self.rng.randrange(len(b))
            b[i] = self.rng.randrange(256) if self.rng.random() < 0.5 else b[i] ^ (1 << self.rng.randrange(8))
        self.validate("byte_flips", f, bytes(b), "byte flips")

    def truncation(self) -> None:
        f, text = self.pick()
        self.validate("truncation", f, text[: self.rng.randrange(len(text) + 1)], "truncation")

    def replace_match(self, text: bytes, pattern: re.Pattern, new: bytes, group: int = 0) -> bytes:
        matches = list(pattern.finditer(text))
        if not matches:
            return text + b"\nx = " + new + b"\n"
        m = self.rng.choice(matches)
        return text[: m.start(group)] + new + text[m.end(group):]

    def huge_numbers(self) -> None:
        f, text = self.pick()
        new = self.rng.choice(HUGE)
        if self.rng.random() < 0.2:
            new = str(self.rng.choice([10, -10]) ** self.rng.randint(1, 40)).encode()
        self.validate("huge_numbers", f, self.replace_match(text, NUMBER, new), "huge number")

    def deep_nesting(self) -> None:
        f, text = self.pick()
        depth = self.rng.choice([10, 100, 1000, 10_000, 100_000])
        kind = self.rng.randrange(4)
        if kind == 0:
            value = b"[" * depth + b"1" + b"]" * depth
        elif kind == 1:
            value = b"{ a = " * depth + b"1" + b" }" * depth
        elif kind == 2:
            value = None
            line = b".".join([b"a"] * depth) + b" = 1\n"
        else:
            value = None
            line = b"[" + b".".join([b"t"] * depth) + b"]\nx = 1\n"
        if value is not None:
            mutated = self.replace_match(text, VALUE, value, 1)
        else:
            cut = self.rng.randrange(len(text) + 1)
            cut = text.rfind(b"\n", 0, cut) + 1
            mutated = text[:cut] + line + text[cut:]
        self.validate("deep_nesting", f, mutated, f"nesting of depth {depth}")

    def wrong_types(self) -> None:
        f, text = self.pick()
        self.validate("wrong_types", f, self.replace_match(text, VALUE, self.rng.choice(WRONG), 1),
                      "wrong type")

    def odd_names(self) -> None:
        f, text = self.pick()
        name = self.rng.choice(ODD).encode()
        if self.rng.random() < 0.5:
            mutated = self.replace_match(text, STRING, b'"' + name + b'"')
        else:  # a design or table name
            mutated = text + b'\n[designs."' + name + b'"]\n'
        self.validate("odd_names", f, mutated, f"odd name {name[:20]!r}")

    def special_files(self) -> None:
        kind = self.rng.randrange(8)
        folder = self.work / "special"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        sock = None
        if kind == 0:
            target = "/dev/zero"
        elif kind == 1:
            target = "/dev/null"
        elif kind == 2:
            target = str(folder / "fifo.toml")
            os.mkfifo(target)
        elif kind == 3:
            target = str(folder)
        elif kind == 4:
            target = str(folder / "sock.toml")
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(target)
        elif kind == 5:
            target = str(folder / "loop.toml")
            os.symlink(target, target)
        elif kind == 6:  # a sparse file past the size limit
            target = str(folder / "large.toml")
            with open(target, "wb") as out:
                out.truncate((64 << 20) + 1)
        else:  # an experiment whose base scenario is a FIFO
            os.mkfifo(folder / "base.toml")
            target = str(folder / "e.toml")
            Path(target).write_text('[experiment]\nname = "e"\nbase = "base.toml"\n'
                                    "[designs.a]\n")
        command = self.rng.choice([["validate", target], ["run", target, "-r", "1"],
                                   ["batch", target, "-o", str(folder / "out.h5")],
                                   ["inspect", target]])
        outcome, code, err = run([self.retzef, *command], self.timeout, self.work)
        if outcome == Outcome.ACCEPTED and kind == 1 and command[0] != "inspect":
            outcome = Outcome.REFUSED  # /dev/null: refused is expected, but an empty file is fine
        self.record("special_files", outcome, code, " ".join(command), None, err)
        if sock is not None:
            sock.close()

    def make_result(self) -> Path:
        result = self.work / "result.h5"
        if not result.exists():
            experiment = self.source / "tests" / "experiments" / "quick.toml"
            subprocess.run([self.retzef, "-q", "batch", str(experiment), "-o", str(result),
                            "--replications", "1", "--threads", "1"], check=True, cwd=self.work,
                           stderr=subprocess.DEVNULL)
            self.result_bytes = result.read_bytes()
        return result

    def result_files(self) -> None:
        self.make_result()
        b = bytearray(self.result_bytes)
        if self.rng.random() < 0.2:
            b = b[: self.rng.randrange(len(b))]
            what = f"truncated at {len(b)}"
        else:
            offsets = [self.rng.randrange(len(b)) for _ in range(self.rng.randint(1, 4))]
            for i in offsets:
                b[i] ^= 1 << self.rng.randrange(8)
            what = f"bits flipped at {offsets}"
        damaged = self.work / "damaged.h5"
        damaged.write_bytes(bytes(b))
        if self.rng.random() < 0.1:
            out = self.work / "report"
            command = ["/usr/bin/python3", self.report, str(damaged), "-o", str(out)]
        else:
            command = [self.retzef, "inspect", str(damaged),
                       *self.rng.choice([[], ["--indicators"], ["--json"],
                                         ["--scenario", "medical"]])]
        outcome, code, err = run(command, self.timeout, self.work)
        if outcome == Outcome.ACCEPTED:
            outcome = Outcome.SILENT  # a damaged file must be refused
            err = b"accepted a damaged file"
        self.record("result_files", outcome, code, f"{' '.join(command[-2:])}: {what}", damaged,
                    err)

    def signals(self) -> None:
        experiment = self.source / "tests" / "experiments" / "quick.toml"
        out = self.work / "signalled.h5"
        shutil.rmtree(str(out) + ".parts", ignore_errors=True)
        for leftover in (out, Path(str(out) + ".tmp")):
            leftover.unlink(missing_ok=True)
        sig = self.rng.choice([signal.SIGINT, signal.SIGTERM])
        p = subprocess.Popen([self.retzef, "-q", "batch", str(experiment), "-o", str(out),
                              "--replications", "20", "--threads", str(self.rng.randint(1, 2))],
                             cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(self.rng.uniform(0.0, 1.0))
        p.send_signal(sig)
        try:
            _, err = p.communicate(timeout=self.timeout * 3)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            self.record("signals", Outcome.HANG, -1, f"{sig.name} to a batch", None, b"")
            return
        parts = Path(str(out) + ".parts")
        left = [n.name for n in parts.iterdir()] if parts.is_dir() else []
        temporary = [n for n in left if n.endswith(".tmp")] + (
            [out.name + ".tmp"] if Path(str(out) + ".tmp").exists() else [])
        # Before the batch starts its replications (while it reads and checks the experiment)
        # the signal ends the process as usual (-sig): nothing has been written yet. The batch
        # takes over the signals before it makes its parts folder, so once that folder exists
        # the signal must end it with 128 + sig and a message, not kill it.
        started = parts.is_dir()
        outcome = Outcome.REFUSED if p.returncode != 0 else Outcome.ACCEPTED
        if p.returncode == 128 + sig.value and not err.strip():
            outcome = Outcome.SILENT
        allowed = (0, 128 + sig.value) if started else (0, 128 + sig.value, -sig.value)
        if p.returncode not in allowed or temporary:
            outcome = Outcome.CRASH
            err += f"\nleft: {temporary}".encode()
        self.record("signals", outcome, p.returncode, f"{sig.name} to a batch", None, err)

    # ---------------------------------------------------------------------------------------

    def run_all(self, classes: list[str]) -> int:
        counts = {"special_files": max(8, self.per_class // 10),
                  "signals": max(2, self.per_class // 20)}
        for klass in classes:
            started = time.monotonic()
            for _ in range(counts.get(klass, self.per_class)):
                getattr(self, klass)()
            print(f"{klass}: {self.table[klass][0]} in {time.monotonic() - started:.1f} s",
                  file=sys.stderr)
        print(f"{'class':<16} {'tried':>7} {'failures':>9} {'refused':>8} {'accepted':>9}")
        failed = 0
        for klass in classes:
            tried, fail, refused, accepted = self.table[klass]
            failed += fail
            print(f"{klass:<16} {tried:>7} {fail:>9} {refused:>8} {accepted:>9}")
        return 1 if failed else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--retzef", required=True)
    p.add_argument("--source", required=True, help="the source tree (its fixtures are mutated)")
    p.add_argument("--work", required=True, help="a scratch folder (emptied first)")
    p.add_argument("--per-class", type=int, default=30)
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per run")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--classes", nargs="*", default=list(CLASSES), choices=CLASSES)
    args = p.parse_args()
    return Campaign(args).run_all(args.classes)


if __name__ == "__main__":
    sys.exit(main())
