#!/usr/bin/env bash
# A batch killed with SIGKILL at several moments and started again with the same command ends
# with the same file as a batch that was never interrupted: finished replications are kept and
# skipped (the restart says how many), unfinished ones are redone, the output file never exists
# half-written, and every part file left by a kill is whole.
# Usage: batch_resume.sh RETZEF EXPERIMENT WORKDIR
set -euo pipefail
retzef=$1 experiment=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
reps=60
"$retzef" -q batch "$experiment" -o reference.h5 --threads 2 --replications "$reps"

skipped_total=0
for delay in 0.15 0.3 0.45 0.6; do
  "$retzef" batch "$experiment" -o resumed.h5 --threads 2 --replications "$reps" \
    >>log.txt 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e resumed.h5 ]; then
    # Only a batch that finished may leave the output; it must then be complete.
    h5ls resumed.h5/meta >/dev/null
    echo "the batch finished before the kill at ${delay}s"
    break
  fi
  # Every part left behind is a whole HDF5 file; temporary files may be left (they are redone).
  for part in resumed.h5.parts/*.h5; do
    [ -e "$part" ] || continue
    if ! h5ls -r "$part" >/dev/null 2>&1; then
      echo "unreadable part after a kill: $part" >&2
      exit 1
    fi
  done
  n=$(ls resumed.h5.parts 2>/dev/null | grep -c '\.h5$' || true)
  echo "killed after ${delay}s: ${n} whole parts"
done
"$retzef" batch "$experiment" -o resumed.h5 --threads 2 --replications "$reps" 2>&1 | tee -a log.txt
# The restarts skipped finished replications.
done_counts=$(grep -o '[0-9]* already done' log.txt | cut -d' ' -f1 | sort -n | tail -1)
if [ -z "$done_counts" ] || [ "$done_counts" -eq 0 ]; then
  echo "no restart found finished replications to skip:" >&2
  cat log.txt >&2
  exit 1
fi
echo "ok: a restart skipped ${done_counts} finished replications"
h5diff -q reference.h5 resumed.h5 /runs /runs
h5diff -q reference.h5 resumed.h5 /designs /designs
[ ! -e resumed.h5.parts ] && [ ! -e resumed.h5.tmp ] ||
  { echo "parts folder or temporary file left behind after assembly" >&2; exit 1; }
# Started again once complete, it has nothing to do and leaves the file alone.
before=$(stat -c %Y resumed.h5)
"$retzef" batch "$experiment" -o resumed.h5 --threads 2 --replications "$reps" 2>again.txt
grep -q "nothing to do" again.txt
[ "$(stat -c %Y resumed.h5)" = "$before" ]
echo "ok: the resumed file equals the uninterrupted one"

# Shares (--shard K/N, as a job array runs them), then the assembling run: the same file again.
"$retzef" -q batch "$experiment" -o shared.h5 --threads 1 --replications "$reps" --shard 0/2
[ ! -e shared.h5 ] || { echo "a share assembled the output" >&2; exit 1; }
"$retzef" -q batch "$experiment" -o shared.h5 --threads 1 --replications "$reps" --shard 1/2
"$retzef" batch "$experiment" -o shared.h5 --threads 2 --replications "$reps" 2>log2.txt
grep -q "$((2 * reps)) already done, 0 to run" log2.txt || { cat log2.txt >&2; exit 1; }
h5diff -q reference.h5 shared.h5 /runs /runs
echo "ok: two shares and an assembling run give the same file"

# A second batch on the same output while one runs is refused, and harms nothing.
"$retzef" -q batch "$experiment" -o locked.h5 --threads 1 --replications "$reps" &
pid=$!
sleep 0.3
status=0
"$retzef" -q batch "$experiment" -o locked.h5 --threads 1 --replications "$reps" 2>err.txt || status=$?
wait "$pid"
[ "$status" -ne 0 ] && grep -q "another retzef batch" err.txt || { echo "second batch: $status" >&2; cat err.txt >&2; exit 1; }
h5diff -q reference.h5 locked.h5 /runs /runs
echo "ok: a concurrent batch on the same output was refused: $(cat err.txt)"
