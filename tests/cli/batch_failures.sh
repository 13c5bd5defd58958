#!/usr/bin/env bash
# Failures while writing: an output folder that cannot be created, and a write that fails part
# way (the disk is full — simulated with a file-size limit, `ulimit -f`, which makes write()
# fail with EFBIG as a full disk fails with ENOSPC). Each gives a clear message and a non-zero
# exit; no output file and no temporary file is left; replications finished before the failure
# are kept and reused when the batch is run again with room to write.
# Usage: batch_failures.sh RETZEF EXPERIMENT WORKDIR
set -euo pipefail
retzef=$1 experiment=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# 1. The output's folder is a file: nothing can be created there.
touch not-a-folder
if "$retzef" -q batch "$experiment" -o not-a-folder/out.h5 2>err.txt; then
  echo "batch into a file's 'folder' succeeded" >&2
  exit 1
fi
grep -q "not-a-folder" err.txt || { echo "message does not name the path:" >&2; cat err.txt >&2; exit 1; }
echo "ok: $(cat err.txt)"

# 2. A read-only folder. Root may write anywhere, so as root the batch runs as nobody (CI runs
#    as root), where nobody can reach the binary and the experiment; otherwise it says skipped.
mkdir readonly && chmod 555 readonly
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_user=(setpriv --reuid=nobody --regid="$(id -g nobody 2>/dev/null)" --clear-groups)
  if ! "${as_user[@]}" test -x "$retzef" -a -r "$experiment" 2>/dev/null; then
    as_user=(skip)
  fi
fi
if [ "${as_user[*]}" = skip ]; then
  echo "skipped: read-only folder (root, and user nobody cannot reach $retzef or $experiment)"
else
  if "${as_user[@]}" "$retzef" -q batch "$experiment" -o readonly/out.h5 2>err.txt; then
    echo "batch into a read-only folder succeeded" >&2
    exit 1
  fi
  grep -q "readonly" err.txt || { echo "message does not name the folder:" >&2; cat err.txt >&2; exit 1; }
  echo "ok: $(cat err.txt)"
fi

# 3. The disk fills up part way. Summary-only replications are small (they fit under the limit);
#    fully traced ones are not. One design of each: the first finish, the second fail.
cat >mixed.toml <<TOML
[experiment]
name = "mixed"
base = "medical"
replications = 3
seed = 3

[overrides]
"scenario.horizon_days" = 730
"scenario.warmup_days" = 100
"regions.catchment.population" = 20000

[designs.small]
overrides = { "scenario.trace" = "summary" }

[designs.large]
overrides = { "scenario.trace" = "full" }
TOML
# Runs the batch with files limited to $1 KiB; it must fail cleanly, leaving no output and no
# temporary file, and keep exactly $2 whole replications.
fill_up() {
  local limit=$1 expect_kept=$2 status=0
  ( trap '' XFSZ; ulimit -f "$limit"; exec "$retzef" -q batch mixed.toml -o full.h5 --threads 1 ) \
    2>err.txt || status=$?
  if [ "$status" -eq 0 ] || [ "$status" -gt 125 ]; then
    echo "batch with files limited to ${limit} KiB: exit status $status" >&2
    cat err.txt >&2
    exit 1
  fi
  grep -qi "file too large" err.txt || { echo "unclear message:" >&2; cat err.txt >&2; exit 1; }
  echo "ok (limit ${limit} KiB, status $status): $(cat err.txt)"
  [ ! -e full.h5 ] && [ ! -e full.h5.tmp ] || { echo "output left behind" >&2; exit 1; }
  if ls full.h5.parts/*.tmp >/dev/null 2>&1; then
    echo "a temporary part was left behind: $(ls full.h5.parts)" >&2
    exit 1
  fi
  local kept
  kept=$(ls full.h5.parts | grep -c '\.h5$' || true)
  [ "$kept" -eq "$expect_kept" ] || { echo "kept $kept replications, expected $expect_kept" >&2; exit 1; }
  for part in full.h5.parts/*.h5; do h5ls -r "$part" >/dev/null; done
  echo "ok: ${kept} finished replications kept, all readable"
}
# a) The traced replications do not fit: the three summary-only ones are kept. (A summary-only
#    part is about 130 KiB, most of it the summary's field names, units and meanings; a traced
#    one about 400 KiB.)
fill_up 200 3
# b) Every replication fits but the assembled file does not: all six are kept.
fill_up 600 6
grep -q . err.txt

# With room again, the same command finishes and reuses them.
"$retzef" batch mixed.toml -o full.h5 --threads 1 2>log.txt
grep -q "6 already done" log.txt || { cat log.txt >&2; exit 1; }
h5ls full.h5/runs/large/0002/events >/dev/null
echo "ok: the batch completed, reusing 6 replications"
