#!/usr/bin/env bash
# `retzef batch` on every bad experiment fixture: a non-zero exit without a crash, nothing
# written (no output, no parts folder), and every `# expect: ` line of the fixture in the
# message (each names the problem as FILE:LINE:COL: key.path: what was expected, or part of it).
# Usage: batch_bad_experiments.sh RETZEF FIXTURES_DIR WORKDIR
set -euo pipefail
retzef=$1 fixtures=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
count=0
for file in "$fixtures"/bad/*.toml; do
  name=$(basename "$file")
  status=0
  "$retzef" batch "$file" -o out.h5 2>err.txt || status=$?
  if [ "$status" -eq 0 ] || [ "$status" -gt 125 ]; then
    echo "$name: exit status $status" >&2
    cat err.txt >&2
    exit 1
  fi
  grep -q "${name}:[0-9]*:[0-9]*: " err.txt || { echo "$name: no file:line:col in" >&2; cat err.txt >&2; exit 1; }
  expected=0
  while IFS= read -r expect; do
    grep -qF -- "$expect" err.txt || { echo "$name: expected '$expect' in" >&2; cat err.txt >&2; exit 1; }
    expected=$((expected + 1))
  done < <(sed -n 's/^# expect: //p' "$file")
  [ "$expected" -gt 0 ] || { echo "$name: no '# expect: ' line" >&2; exit 1; }
  left=$(ls -A | grep -v '^err.txt$' || true)
  [ -z "$left" ] || { echo "$name: left behind: $left" >&2; exit 1; }
  count=$((count + 1))
done
[ "$count" -ge 18 ] || { echo "expected the bad fixtures in $fixtures/bad" >&2; exit 1; }
echo "ok: $count bad experiments refused, nothing written"
