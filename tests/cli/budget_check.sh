#!/usr/bin/env bash
# The budget check on the command line: `retzef run` of two designs prints whether they are a
# same-budget comparison (within ±1%, paired by replication): "same budget" for two designs
# that pay for the same places and coordinators, "not a same-budget comparison" when one pays
# for more ward beds. `batch --indicators` prints the table with the checks once.
# Usage: budget_check.sh RETZEF WORKDIR SCENARIOS (tests/models/scenarios)
set -euo pipefail
retzef=$1 work=$2 scenarios=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# The same region under two names: the same places, the same coordinators, the same people.
sed 's/^name = "overflowing-ward"/name = "twin_a"/' "$scenarios/overflowing_ward.toml" > a.toml
sed 's/^name = "overflowing-ward"/name = "twin_b"/' "$scenarios/overflowing_ward.toml" > b.toml
# Five times the ward: a budget far above the others'.
sed -e 's/^name = "overflowing-ward"/name = "big_ward"/' -e 's/ward = 4,/ward = 20,/' \
  "$scenarios/overflowing_ward.toml" > big.toml
grep -q "ward = 20," big.toml

# (Output captured first: `cmd | grep -q` fails under pipefail when grep stops reading early.)
err=$("$retzef" run a.toml b.toml --replications 2 --threads 2 2>&1 >/dev/null)
if ! grep -q "twin_b vs twin_a: same budget (paired difference +0.00%" <<<"$err"; then
  echo "expected a same-budget line: $err" >&2
  exit 1
fi
echo "ok: the same places are the same budget"

err=$("$retzef" run a.toml big.toml --replications 2 --threads 2 2>&1 >/dev/null)
if ! grep -q "big_ward vs twin_a: not a same-budget comparison: budgets differ by +" <<<"$err"; then
  echo "expected a not-same-budget line: $err" >&2
  exit 1
fi
if grep -q "same budget (" <<<"$err"; then
  echo "unexpected same-budget line: $err" >&2
  exit 1
fi
echo "ok: more beds are not the same budget"

# Four hundred beds where four overflow: most of the budget buys places nobody uses. `run`,
# `run -o` (which reads the file it wrote) and `inspect --indicators` all say so, naming the
# emptiest level, and say what each design spends of a same budget.
sed -e 's/^name = "overflowing-ward"/name = "huge_ward"/' -e 's/ward = 4,/ward = 400,/' \
  "$scenarios/overflowing_ward.toml" > huge.toml
grep -q "ward = 400," huge.toml
"$retzef" run a.toml huge.toml --replications 2 --threads 2 -o huge.h5 > /dev/null 2> run_o.err
"$retzef" inspect huge.h5 --indicators 2> inspect.err > /dev/null
"$retzef" run a.toml huge.toml --replications 2 --threads 2 2> run.err > /dev/null
for f in run.err run_o.err inspect.err; do
  if ! grep -q "huge_ward: spends [0-9]*% of its budget (.* M NIS a year buy no care used): places paid for and left empty, the most at " "$f"; then
    echo "expected the unspent-budget warning in $f: $(cat "$f")" >&2
    exit 1
  fi
done
echo "ok: a budget mostly left in empty places is warned by run, run -o and inspect"
err=$("$retzef" run a.toml b.toml --replications 2 --threads 2 -o twins.h5 2>&1 >/dev/null)
if ! grep -q "twin_b vs twin_a: same budget (paired difference +0.00% .*), of which twin_b spends [0-9]*% and twin_a [0-9]*%" <<<"$err"; then
  echo "expected what each twin spends of the same budget: $err" >&2
  exit 1
fi
echo "ok: a same budget says what each design spends of it"

# `batch --indicators` prints the file's indicators once it is written, as `inspect --indicators`
# does, with the checks once (not once for the batch and again for the table).
cat > pair.toml <<'TOML'
[experiment]
name = "pair"
replications = 2
seed = 7

[designs.twin_a]
scenario = "a.toml"

[designs.huge_ward]
scenario = "huge.toml"
TOML
"$retzef" batch pair.toml -o pair.h5 --threads 2 --indicators > batch.out 2> batch.err
"$retzef" inspect pair.h5 --indicators > inspect.out 2> /dev/null
if ! cmp -s batch.out inspect.out || ! grep -q "^bed_days_per_1000 " batch.out; then
  echo "expected batch --indicators to print inspect --indicators' table: $(cat batch.out)" >&2
  exit 1
fi
if [ "$(grep -c "huge_ward: spends [0-9]*% of its budget" batch.err)" != 1 ]; then
  echo "expected the unspent-budget warning once: $(cat batch.err)" >&2
  exit 1
fi
rm pair.h5
"$retzef" batch pair.toml -o pair.h5 --threads 2 --json > batch_json.out 2> /dev/null
# Without --indicators: the batch's line, then one line per case with the warm-up's verdict.
if [ "$(wc -l < batch_json.out)" != 3 ] || ! head -n 1 batch_json.out | grep -q '"runs_done_now":4' ||
  [ "$(grep -c '"design":"[a-z_]*","replications":2,.*"warmup_check":' batch_json.out)" != 2 ]; then
  echo "expected the batch's JSON line and one per case from batch --json without --indicators: $(cat batch_json.out)" >&2
  exit 1
fi
echo "ok: batch --indicators prints the table, and its checks once"
# Run again on the complete file: nothing to run, the same table, and for a script the same line.
"$retzef" batch pair.toml -o pair.h5 --threads 2 --indicators > again.out 2> /dev/null
if ! cmp -s again.out inspect.out; then
  echo "expected the table again from a complete file: $(cat again.out)" >&2
  exit 1
fi
json=$("$retzef" batch pair.toml -o pair.h5 --threads 2 --json 2> /dev/null)
if ! grep -q '"runs_done_now":0' <<<"$json"; then
  echo "expected a JSON line saying nothing was run now: $json" >&2
  exit 1
fi
echo "ok: a complete file gives the table and the JSON line again"
