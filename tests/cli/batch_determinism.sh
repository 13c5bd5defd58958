#!/usr/bin/env bash
# Everything under /runs (and /designs, /names) of a batch's output is the same, by h5diff, on
# 1 and 2 threads (two replications at once, or one with its regions on both) and on 2 MPI
# ranks; only /meta (host, threads, ranks, times) may differ.
# Usage: batch_determinism.sh RETZEF MPIEXEC EXPERIMENT WORKDIR [batch-only]
# (batch-only: leave out the closing check of `retzef run -o`, made once with the quick
# experiment.)
set -euo pipefail
retzef=$1 mpiexec=$2 experiment=$3 work=$4 only=${5:-}
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 ASAN_OPTIONS=detect_leaks=0

"$retzef" -q batch "$experiment" -o threads1.h5 --threads 1
"$retzef" -q batch "$experiment" -o threads2.h5 --threads 2
# One replication at a time, its regions side by side (one thread each if it has one region).
"$retzef" -q batch "$experiment" -o regions2.h5 --threads 2 --region-threads 2
"$mpiexec" --oversubscribe -np 2 "$retzef" -q batch "$experiment" -o ranks2.h5 --threads 1

# The comparison must not be vacuous: the file holds traced events.
summary=$("$retzef" inspect threads1.h5 --json)
rows=$(sed -n 's/.*"events_rows":\([0-9]*\).*/\1/p' <<<"$summary" | sed -n 1p)
if [ -z "$rows" ] || [ "$rows" -lt 1000 ]; then
  echo "expected traced events in threads1.h5, got '${rows}'" >&2
  exit 1
fi
for other in threads2.h5 regions2.h5 ranks2.h5; do
  for group in /runs /designs /names; do
    if ! h5diff -q threads1.h5 "$other" "$group" "$group"; then
      echo "$group differs between threads1.h5 and $other" >&2
      h5diff -r threads1.h5 "$other" "$group" "$group" | head -20 >&2
      exit 1
    fi
  done
  echo "ok: $other has the same /runs, /designs and /names as threads1.h5"
done
# /meta does record how each was run.
meta=$(h5dump -a /meta/ranks ranks2.h5)
grep -q "(0): 2" <<<"$meta"
[ ! -e threads1.h5.parts ] && [ ! -e ranks2.h5.parts ] ||
  { echo "parts folder left behind after assembly" >&2; exit 1; }
echo "ok: parts folders removed after assembly"

[ "$only" = batch-only ] && exit 0

# `retzef run ... -o` writes the same kind of file (one case per design).
"$retzef" -q run medical recovery --replications 1 --threads 2 -o run.h5 >/dev/null
# (Output captured first: `cmd | grep -q` fails under pipefail when grep stops reading early.)
cases=$("$retzef" inspect run.h5 --json)
table=$("$retzef" inspect run.h5 --indicators)
grep -q '"case":"recovery"' <<<"$cases"
grep -q "recovery - medical" <<<"$table"
echo "ok: retzef run -o wrote an output file with both designs"
