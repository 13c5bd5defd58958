#!/usr/bin/env bash
# The care model's prefetch hint must be in the machine code: GCC deletes calls to a function
# whose only work is __builtin_prefetch (it counts as free of side effects), which silently took
# the hint out of every build until sim/core/prefetch.hpp. Counts the prefetch instructions in
# the sequential scheduler's loop for the care model, or in the model's own `prefetch` where a
# build does not inline it.
# Usage: model_prefetch_compiled.sh OBJDUMP RETZEF
set -euo pipefail
objdump=$1 retzef=$2
count=$("$objdump" -d --no-show-raw-insn -C "$retzef" | awk '
  /^[0-9a-f]+ <.*>:$/ {
    inside = index($0, "run_sequential<retzef::models::CareModel>") > 0 ||
             index($0, "retzef::models::CareModel::prefetch(") > 0
    next
  }
  inside && /prefetch/ { n++ }
  END { print n + 0 }')
if [ "$count" -lt 2 ]; then
  echo "found $count prefetch instructions for the care model's records in $retzef;" \
       "the hint has been compiled out" >&2
  exit 1
fi
echo "ok: $count prefetch instructions in the care model's scheduler loop"
