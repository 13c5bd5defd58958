#!/usr/bin/env bash
# SIGINT and SIGTERM end a batch cleanly: the replications that were running finish, no new one
# starts, finished parts are kept, the temporary result file and temporary parts are removed,
# the lock is released (its file stays, for the next batch), one line says what was kept and how
# to resume, and the exit status is 130 or 143.
# Running the same command again resumes and gives the same /runs as a batch never
# interrupted. A write past `ulimit -f`, which would kill the process with SIGXFSZ, is a clean
# error instead. The same holds for `run -o`, which runs a batch.
# Usage: batch_signals.sh RETZEF EXPERIMENT WORKDIR
set -euo pipefail
retzef=$1 experiment=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
reps=60
"$retzef" -q batch "$experiment" -o reference.h5 --threads 1 --replications "$reps"

# Waits (up to a minute) until the batch writing $1 has finished its first part.
wait_for_first_part() {
  local parts=$1.parts
  for _ in $(seq 1200); do
    if ls "$parts"/*.h5 >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "no part appeared in $parts" >&2
  exit 1
}

# interrupt SIGNAL STATUS: the batch stopped by SIGNAL exits with STATUS and leaves only
# finished parts; the same command then completes it.
interrupt() {
  local signal=$1 expected=$2 out=$1.h5 status=0
  "$retzef" batch "$experiment" -o "$out" --threads 1 --replications "$reps" 2>"$signal.err" &
  local pid=$!
  wait_for_first_part "$out"
  kill -s "$signal" "$pid"
  wait "$pid" || status=$?
  [ "$status" -eq "$expected" ] || {
    echo "$signal: exit status $status, expected $expected" >&2
    cat "$signal.err" >&2
    exit 1
  }
  grep -q "interrupted by SIG$signal: kept \([0-9]*\) finished replications of $((2 * reps)) in $out.parts; run the same command again to resume" "$signal.err" || {
    echo "$signal: no message saying what was kept:" >&2
    cat "$signal.err" >&2
    exit 1
  }
  [ ! -e "$out" ] && [ ! -e "$out.tmp" ] || { echo "$signal: output left behind" >&2; exit 1; }
  if ls "$out.parts" | grep -v -e '\.h5$' -e '^lock-'; then
    echo "$signal: more than finished parts left in $out.parts" >&2
    exit 1
  fi
  local kept
  kept=$(ls "$out.parts" | grep -c '\.h5$' || true)
  [ "$kept" -ge 1 ] && [ "$kept" -lt $((2 * reps)) ] || {
    echo "$signal: kept $kept parts, expected some but not all" >&2
    exit 1
  }
  for part in "$out.parts"/*.h5; do h5ls -r "$part" >/dev/null; done
  "$retzef" batch "$experiment" -o "$out" --threads 1 --replications "$reps" 2>"$signal.again"
  grep -q "$kept already done" "$signal.again" || { cat "$signal.again" >&2; exit 1; }
  h5diff -q reference.h5 "$out" /runs /runs
  [ ! -e "$out.parts" ]
  echo "ok: $signal ended the batch with status $status, kept $kept parts, and the rerun equals the reference"
}
interrupt INT 130
interrupt TERM 143

# `run -o` runs a batch: the same clean end.
status=0
"$retzef" run medical recovery -r 400 --threads 1 -o run.h5 2>run.err &
pid=$!
wait_for_first_part run.h5
kill -s INT "$pid"
wait "$pid" || status=$?
[ "$status" -eq 130 ] && grep -q "interrupted by SIGINT" run.err || {
  echo "run -o: status $status" >&2
  cat run.err >&2
  exit 1
}
[ ! -e run.h5 ] && [ ! -e run.h5.tmp ] && ! ls run.h5.parts | grep -v -e '\.h5$' -e '^lock-' ||
  { echo "run -o after SIGINT: output, temporary file or unfinished part left behind" >&2; exit 1; }
echo "ok: run -o ended by SIGINT with status 130"

# A file-size limit: SIGXFSZ would kill the batch (status 153, no message); it is a clean error.
status=0
( ulimit -f 64; exec "$retzef" -q batch "$experiment" -o limited.h5 --threads 1 ) 2>xfsz.err ||
  status=$?
if [ "$status" -eq 0 ] || [ "$status" -gt 125 ]; then
  echo "batch past ulimit -f: exit status $status" >&2
  cat xfsz.err >&2
  exit 1
fi
grep -qi "file too large" xfsz.err || { echo "unclear message:" >&2; cat xfsz.err >&2; exit 1; }
[ ! -e limited.h5 ] && [ ! -e limited.h5.tmp ] && ! ls limited.h5.parts | grep -v -e '\.h5$' -e '^lock-' ||
  { echo "past ulimit -f: output, temporary file or unfinished part left behind" >&2; exit 1; }
echo "ok: past ulimit -f: status $status, $(cat xfsz.err)"
