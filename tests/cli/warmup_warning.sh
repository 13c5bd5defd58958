#!/usr/bin/env bash
# The warm-up check on the command line: `run`, `batch` and `inspect --indicators` print a
# warning line for a design whose warm-up is shorter than the MSER-5 truncation point, naming
# it, and none for a design that settles inside its warm-up; with five replications or more,
# inspect re-judges each flagged replication against the spread of the replications, and `run`
# without a file gives the same verdict from the series it keeps in memory. Where
# demand changes after the warm-up (a surge), no check is made, and each says so instead.
# Usage: warmup_warning.sh RETZEF WORKDIR SCENARIOS (tests/models/scenarios)
set -euo pipefail
retzef=$1 work=$2 scenarios=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# An M/M/50 station at a fifth of its capacity settles in days: no warning.
cp "$scenarios/settled_station.toml" settled.toml
# (Output captured first: `cmd | grep -q` fails under pipefail when grep stops reading early.)
err=$("$retzef" -q run settled.toml --replications 3 --threads 2 2>&1 >/dev/null)
if grep -q "MSER-5" <<<"$err"; then
  echo "unexpected warm-up warning for the settled network: $err" >&2
  exit 1
fi
echo "ok: no warning for a network that settles inside its warm-up"

# The medical design with 30 days of warm-up is still filling its ward: a warning, at run,
# batch and inspect.
cat > short.toml <<'T'
[experiment]
name = "short"
base = "medical"
replications = 2
seed = 5

[overrides]
"scenario.horizon_days" = 730
"scenario.warmup_days" = 30
"regions.catchment.population" = 20000

[designs.medical]
T
expected="medical: warm-up of 30 days is shorter than the MSER-5 truncation point in 2 of 2"
err=$("$retzef" -q batch short.toml -o short.h5 --threads 2 2>&1 >/dev/null)
grep -q "$expected" <<<"$err"
echo "ok: batch warns"
err=$("$retzef" inspect short.h5 --indicators 2>&1 >/dev/null)
grep -q "$expected" <<<"$err"
echo "ok: inspect --indicators warns"
# The ward still fills after 30 days in the mean of the replications too: inspect's check on
# the mean (experiments/ensemble_warmup.hpp) names the series, its region by name, on the same
# line, with what the days still settling put on the series' average over the days measured.
grep -q "medical: warm-up of 30 days .*; warm-up check on the mean of 2 replications: [a-z_]* [a-z]* (catchment) still settling [0-9]* days after the warm-up ([^)]*, [+-][0-9.]*%; [+-][0-9.]*% on its average over the [0-9]* days measured)" <<<"$err" || {
  echo "inspect's check on the mean does not name the series and its size: $err" >&2
  exit 1
}
echo "ok: inspect's check on the mean of the replications warns"
# Two replications are too few to measure their spread: their own verdict stands, unjudged.
if grep -q "against the spread of the" <<<"$err"; then
  echo "two replications were re-judged against their spread: $err" >&2
  exit 1
fi
# ... and the line says so, and that the points may be a slow swing rather than a transient.
grep -q "the level may only swing slowly, which a replication's own series cannot tell apart; 2 replications are too few to re-judge it against their spread (5 or more are needed)" <<<"$err"
echo "ok: inspect says why two replications' own points stand"
# With six, each replication's point is re-judged against the others': a ward filling from the
# start is what they all share, so every flagged replication keeps its transient.
sed 's/^replications = 2/replications = 6/' short.toml > short6.toml
"$retzef" -q batch short6.toml -o short6.h5 --threads 2 >/dev/null 2>&1
err=$("$retzef" inspect short6.h5 --indicators 2>&1 >/dev/null)
grep -q "medical: warm-up of 30 days is shorter than the MSER-5 truncation point in 6 of 6 replications, and 6 of them still carry a material gap against the spread of the 6 replications, farther from the rest than any later stretch of the same length (worst: .*, z [0-9.-]*)" <<<"$err"
echo "ok: inspect re-judges each replication against the spread of the replications"
# The settled station's mean has no transient left after its warm-up.
"$retzef" -q run settled.toml --replications 3 --threads 2 -o settled.h5 >/dev/null 2>&1
err=$("$retzef" inspect settled.h5 --indicators 2>&1 >/dev/null)
grep -q "warm-up check on the mean of 3 replications: no start-up transient left" <<<"$err"
echo "ok: inspect's check on the mean passes a warm-up that covers the start-up"
# The same short design as a scenario file (the case's scenario as the file holds it).
"$retzef" inspect short.h5 --scenario medical > short_medical.toml
err=$("$retzef" -q run short_medical.toml --replications 1 --threads 2 2>&1 >/dev/null)
grep -q "medical: warm-up of 30 days is shorter than the MSER-5 truncation point" <<<"$err"
# One replication is too few to re-judge its points: the line says so, and checks its series.
grep -q "cannot tell apart; 1 replication is too few to re-judge it against their spread (5 or more are needed); warm-up check on the one replication's daily series: " <<<"$err"
echo "ok: run warns, and says why the points stand"
# Without a file, `run` keeps the replications' daily series and gives the verdict inspect
# gives on a file of the same replications, to the character.
err=$("$retzef" -q run short_medical.toml --replications 6 --seed 5 --threads 2 2>&1 >/dev/null)
"$retzef" -q run short_medical.toml --replications 6 --seed 5 --threads 2 -o run6.h5 >/dev/null 2>&1
from_file=$("$retzef" inspect run6.h5 --indicators 2>&1 >/dev/null)
verdict() { grep "medical: warm-up of 30 days" <<<"$1"; }
if [ -z "$(verdict "$err")" ] || [ "$(verdict "$err")" != "$(verdict "$from_file")" ]; then
  echo "run without a file: '$(verdict "$err")'; inspect of its file: '$(verdict "$from_file")'" >&2
  exit 1
fi
grep -q "against the spread of the 6 replications" <<<"$(verdict "$err")"
echo "ok: run without a file re-judges six replications as inspect does"
# A script reads the verdict from the JSON line per design: run's and inspect's agree, and say
# the transient remains (the ward still fills after 30 days).
design_line() { grep '"design":"medical","replications"' <<<"$1" | sed 's/"seconds":[^,]*,"events_per_second":[^,]*,//'; }
run_json=$(design_line "$("$retzef" -q run short_medical.toml --replications 6 --seed 5 --threads 2 --json 2>/dev/null)")
file_json=$(design_line "$("$retzef" -q inspect run6.h5 --indicators --json 2>/dev/null)")
if [ -z "$run_json" ] || [ "$run_json" != "$file_json" ]; then
  echo "run --json: '$run_json'; inspect --json: '$file_json'" >&2
  exit 1
fi
grep -q '"warmup_days":30,"warmup_check":"transient","warmup_note":"medical: warm-up of 30 days is shorter than the MSER-5 truncation point in 6 of 6' <<<"$run_json" || {
  echo "the JSON line per design does not carry the transient: $run_json" >&2
  exit 1
}
settled_json=$("$retzef" -q inspect settled.h5 --indicators --json 2>/dev/null)
grep -q '"warmup_check":"passed","warmup_note":"[^"]*warm-up check on the mean of 3 replications: no start-up transient left' <<<"$settled_json" || {
  echo "the settled station's JSON line does not say the warm-up passed: $settled_json" >&2
  exit 1
}
echo "ok: run --json and inspect --json carry the same verdict per design"
# batch --json without --indicators (here on its complete file, nothing to run): after the
# batch's own line, the same line per case as inspect's, timings unknown (null), not 0.
batch_json=$("$retzef" -q batch short6.toml -o short6.h5 --threads 2 --json 2>/dev/null)
inspect_json=$("$retzef" -q inspect short6.h5 --indicators --json 2>/dev/null)
if [ -z "$(design_line "$batch_json")" ] ||
  [ "$(design_line "$batch_json")" != "$(design_line "$inspect_json")" ] ||
  ! grep -q '"runs_done_now":0' <<<"$(head -n 1 <<<"$batch_json")" ||
  ! grep -q '"seconds":null,"events_per_second":null,"warmup_days":30,"warmup_check":"transient"' <<<"$batch_json"; then
  echo "batch --json: '$batch_json'; inspect --json's line: '$(design_line "$inspect_json")'" >&2
  exit 1
fi
echo "ok: batch --json carries inspect's verdict per case"
# More replications' series than a run keeps in memory (1 GiB; here 120 replications of a small
# region over 200 years): their own points stand, and the line says why and what to do.
"$retzef" scenarios medical | sed -e 's/^population = 500000/population = 1000/' \
  -e 's/^horizon_days = .*/horizon_days = 73000/' > long.toml
err=$("$retzef" -q run long.toml --replications 120 --threads 2 2>&1 >/dev/null)
grep -q "cannot tell apart; the daily series of 120 replications would take up to 1.16 GiB, more than a run without a file keeps in memory (1 GiB), so write a result file (\`-o\`) to have it re-judged" <<<"$err" || {
  echo "no warning that 120 long replications' series are not kept: $err" >&2
  exit 1
}
echo "ok: run says when it keeps too many replications' series to re-judge them"

# Demand that changes after the warm-up (a surge rising from its end): the series follow it and
# are not meant to settle, so no check is made and none warns; run, batch and inspect say why.
# The same design with its demand held constant is still checked (and warned of, as above).
sed -e 's/^name = "short"/name = "surge"/' \
    -e '/^"regions.catchment.population"/a "surges.0.points" = [[30, 1.0], [400, 3.0]]' \
    short.toml > surge.toml
note="medical: demand changes after the warm-up (a surge or an arrival schedule, from day 30)"
# says_why WHAT STDERR: the note, and no warm-up warning.
says_why() {
  grep -qF "$note" <<<"$2" || { echo "$1: no note that demand changes: $2" >&2; exit 1; }
  if grep -q "MSER-5" <<<"$2"; then
    echo "$1: a warm-up warning where demand changes after the warm-up: $2" >&2
    exit 1
  fi
}
says_why batch "$("$retzef" batch surge.toml -o surge.h5 --threads 2 2>&1 >/dev/null)"
says_why inspect "$("$retzef" inspect surge.h5 --indicators 2>&1 >/dev/null)"
"$retzef" inspect surge.h5 --scenario medical > surge_medical.toml
says_why run "$("$retzef" run surge_medical.toml --replications 1 --threads 2 2>&1 >/dev/null)"
grep -q '"warmup_check":"not_made","warmup_note":"medical: demand changes after the warm-up' \
  <<<"$("$retzef" -q inspect surge.h5 --indicators --json 2>/dev/null)" || {
  echo "inspect --json of the surge does not say the check is not made" >&2
  exit 1
}
echo "ok: no warm-up check where demand changes after the warm-up, and run, batch, inspect say so"
