#!/usr/bin/env bash
# `retzef run` under mpirun partitions a replication's regions across the ranks: the national
# scenario on a short horizon prints the same indicators, to the last digit, on 1 and 2 ranks
# and on 2 threads, once (rank 0 alone prints); on 3 ranks, which split the regions by population
# and keep Judea and Samaria beside Jerusalem, the same again.
# Usage: run_across_ranks.sh RETZEF MPIEXEC WORKDIR
set -euo pipefail
retzef=$1 mpiexec=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 ASAN_OPTIONS=detect_leaks=0
cat > short_israel.toml <<'TOML'
[scenario]
base = "israel_recovery"
name = "short_israel"
horizon_days = 60
warmup_days = 20
TOML
# The seconds a run took are not results.
results() { grep -v '"seconds"' "$1"; }
"$retzef" -q run short_israel.toml -r 2 -t 1 --json > one.json 2>/dev/null
"$retzef" -q run short_israel.toml -r 1 -t 2 --json > threads.json 2>/dev/null
"$mpiexec" --oversubscribe -np 2 "$retzef" -q run short_israel.toml -r 2 -t 1 --json \
  > ranks.json 2>ranks.log
lines=$(results one.json | wc -l)
if [ "$lines" -lt 100 ]; then
  echo "expected the indicators of a run, got $lines lines" >&2
  exit 1
fi
if ! diff <(results one.json) <(results ranks.json) >&2; then
  echo "2 ranks differ from 1" >&2
  exit 1
fi
echo "ok: 2 ranks print what 1 prints, once"
# No rank holds every region's daily series, so the warm-up check across replications is not
# made there; the warning says so, and how to have it made (one process makes it itself).
grep -q "cannot tell apart; under mpirun each rank keeps only its own regions' daily series, so write a result file (\`-o\`) to have it re-judged" ranks.log || {
  echo "the warm-up warning under mpirun does not say why its points stand:" >&2
  cat ranks.log >&2
  exit 1
}
echo "ok: under mpirun the warm-up warning says why the points stand"
# A script reads the same from the line per design: the points stand unjudged, and why.
grep -q '"design":"short_israel",.*"warmup_check":"unjudged","warmup_note":"short_israel: .*under mpirun each rank keeps only' ranks.json || {
  echo "the JSON line of the design under mpirun does not carry the unjudged warm-up:" >&2
  cat ranks.json >&2
  exit 1
}
echo "ok: under mpirun the JSON line per design says the warm-up is unjudged"
# Three ranks split the seven districts unevenly by count, and not in file order.
"$mpiexec" --oversubscribe -np 3 "$retzef" run short_israel.toml -r 1 -t 1 --json \
  > ranks3.json 2> ranks3.log
"$retzef" -q run short_israel.toml -r 1 -t 1 --json > one1.json 2>/dev/null
if ! diff <(results one1.json) <(results ranks3.json) >&2; then
  echo "3 ranks differ from 1" >&2
  exit 1
fi
for r in 0 1 2; do
  if ! grep -q "rank $r: " ranks3.log; then
    echo "the log does not say which regions rank $r runs:" >&2
    cat ranks3.log >&2
    exit 1
  fi
done
grep -q "0 of 1 referral links cross ranks" ranks3.log || {
  echo "Judea and Samaria should run beside Jerusalem, to which it refers:" >&2
  cat ranks3.log >&2
  exit 1
}
echo "ok: 3 ranks print what 1 prints; Judea and Samaria beside Jerusalem"
if ! diff <(results one1.json) <(results threads.json) >&2; then
  echo "a replication's regions on 2 threads differ from 1" >&2
  exit 1
fi
echo "ok: one replication's regions on 2 threads give what 1 gives"
