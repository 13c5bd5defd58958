#!/usr/bin/env bash
# SIGINT and SIGTERM end a batch on two MPI ranks cleanly, as they do a batch in one process
# (batch_signals.sh): every rank stops (run_batch agrees on it across ranks), finished parts
# are kept, no temporary file is left, the lock is released, each rank says what it kept, and
# a rerun resumes to the same /runs, /designs and /names as a batch never interrupted. Two ways
# a signal arrives (docs/experiments.md, "Signals"):
#   - at the ranks, as a batch system delivers it (Slurm signals every task): mpirun exits with
#     the ranks' status, 130 or 143;
#   - at mpirun (Ctrl-C in a terminal reaches only mpirun: Open MPI puts each rank in a process
#     group of its own): mpirun 4.1 does not pass the signal on; it ends the job by sending the
#     ranks SIGCONT, then SIGTERM a second later, then SIGKILL a second after that
#     (odls_base_sigkill_timeout), and exits with status 1. The ranks stop as on SIGTERM when
#     their replications in flight and the flushing of finished parts end within that second;
#     otherwise they are killed, as by kill -9. Either way what is checked is what kill -9
#     guarantees: status 1, no output file, and a rerun that resumes from the parts kept
#     (removing temporary ones) to the same result.
# Usage: batch_signals_mpi.sh RETZEF MPIEXEC EXPERIMENT WORKDIR
set -euo pipefail
retzef=$1 mpiexec=$2 experiment=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 ASAN_OPTIONS=detect_leaks=0
# Enough replications that mpirun's two seconds before SIGTERM do not see the batch through.
reps=150
mpi=("$mpiexec" --oversubscribe -np 2)
"${mpi[@]}" "$retzef" -q batch "$experiment" -o reference.h5 --threads 1 --replications "$reps"

# Waits (up to a minute) until the batch writing $1 has finished its first parts.
wait_for_parts() {
  local parts=$1.parts
  for _ in $(seq 1200); do
    if [ "$(ls "$parts" 2>/dev/null | grep -c '\.h5$')" -ge 2 ]; then return 0; fi
    sleep 0.05
  done
  echo "no parts appeared in $parts" >&2
  exit 1
}

# The ranks of the mpirun with process id $1 (its children, on one host).
ranks_of() {
  ps -o pid= --ppid "$1"
}

# interrupt NAME SIGNAL TARGET STATUS: sends SIGNAL to the ranks (TARGET=ranks) or to mpirun
# (TARGET=mpirun) once parts exist; mpirun must exit with STATUS, no output file may be left
# (for the ranks: each says what it kept, and only finished parts are left), and the same
# command must then complete the batch.
interrupt() {
  local name=$1 signal=$2 target=$3 expected=$4 out=$1.h5 status=0
  "${mpi[@]}" "$retzef" batch "$experiment" -o "$out" --threads 1 --replications "$reps" \
    >"$name.out" 2>"$name.err" &
  local pid=$!
  wait_for_parts "$out"
  if [ "$target" = ranks ]; then
    # shellcheck disable=SC2046
    kill -s "$signal" $(ranks_of "$pid")
  else
    kill -s "$signal" "$pid"
  fi
  wait "$pid" || status=$?
  [ "$status" -eq "$expected" ] || {
    echo "$name: mpirun's exit status $status, expected $expected" >&2
    cat "$name.out" "$name.err" >&2
    exit 1
  }
  [ ! -e "$out" ] || { echo "$name: an output file after an interrupted batch" >&2; exit 1; }
  if [ "$target" = ranks ]; then
    local stopped
    stopped=$(grep -c "interrupted by SIG$signal: kept [0-9]* finished replications of $reps in $out.parts; run the same command again to resume" "$name.err" || true)
    if [ "$stopped" -ne 2 ]; then
      echo "$name: expected each of the 2 ranks to say what it kept:" >&2
      cat "$name.err" >&2
      exit 1
    fi
    [ ! -e "$out.tmp" ] || { echo "$name: temporary output left behind" >&2; exit 1; }
    if ls "$out.parts" | grep -v -e '\.h5$' -e '^lock-'; then
      echo "$name: more than finished parts left in $out.parts" >&2
      exit 1
    fi
  fi
  local kept
  kept=$(ls "$out.parts" | grep -c '\.h5$' || true)  # finished parts, not *.h5.tmp
  [ "$kept" -ge 2 ] && [ "$kept" -lt $((2 * reps)) ] || {
    echo "$name: kept $kept parts, expected some but not all" >&2
    exit 1
  }
  for part in "$out.parts"/*.h5; do h5ls -r "$part" >/dev/null; done
  # -v: every rank says how many of its share were already done.
  "${mpi[@]}" "$retzef" -v batch "$experiment" -o "$out" --threads 1 --replications "$reps" \
    2>"$name.again"
  local resumed
  resumed=$(sed -n 's/.*; \([0-9]*\) already done,.*/\1/p' "$name.again" | awk '{ n += $1 } END { print n + 0 }')
  [ "$resumed" -eq "$kept" ] || { echo "$name: resumed $resumed, kept $kept" >&2; cat "$name.again" >&2; exit 1; }
  for group in /runs /designs /names; do h5diff -q reference.h5 "$out" "$group" "$group"; done
  [ ! -e "$out.parts" ] && [ ! -e "$out.tmp" ] ||
    { echo "$name: parts folder or temporary file left behind" >&2; exit 1; }
  echo "ok: $name: SIG$signal to $target ended the batch with status $status, kept $kept parts, and the rerun equals the reference"
}
interrupt ranks_int INT ranks 130
interrupt ranks_term TERM ranks 143
interrupt mpirun_int INT mpirun 1
interrupt mpirun_term TERM mpirun 1
