#!/usr/bin/env bash
# A damaged result file is refused with a message by `retzef inspect` and by the Python report,
# never a crash: a damaged object header crashed libhdf5 inside h5py and h5dump. Result files
# carry a checksum in their HDF5 user block (docs/output.md, "The checksum header"), checked
# before HDF5 reads a byte. Bytes are flipped in the header, the superblock, object headers and
# data; the file is truncated and extended. A file without the header, as written before,
# is read with a warning.
# Usage: damaged_results.sh RETZEF REPORT WORKDIR
set -euo pipefail
retzef=$1 report=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
"$retzef" -q run medical recovery -r 2 -o good.h5 >/dev/null 2>&1
[ "$(head -c 17 good.h5)" = "retzef checksum 1" ] || { echo "no checksum header" >&2; exit 1; }
"$retzef" inspect good.h5 --indicators >/dev/null 2>err.txt
! grep -qi "checksum\|damaged" err.txt || { echo "a good file questioned:" >&2; cat err.txt >&2; exit 1; }
/usr/bin/python3 "$report" good.h5 -o good_report >/dev/null

# refused WHAT COMMAND...: a non-zero exit below 128, and one line naming the file.
refused() {
  local what=$1
  shift
  local status=0
  "$@" >out.txt 2>err.txt || status=$?
  if [ "$status" -eq 0 ] || [ "$status" -ge 128 ]; then
    echo "$what: $*: exit status $status, expected a refusal" >&2
    cat err.txt >&2
    exit 1
  fi
  grep -q "bad.h5: .*damaged" err.txt || {
    echo "$what: $*: expected a message that the file is damaged, got" >&2
    cat err.txt >&2
    exit 1
  }
}

size=$(stat -c %s good.h5)
# The checksum's digits, HDF5's superblock, the root group's object header, data, the end.
for offset in 40 300 512 600 800 1200 4096 $((size / 3)) $((size / 2)) $((size - 100)) $((size - 1)); do
  cp good.h5 bad.h5
  /usr/bin/python3 - "$offset" <<'P'
import sys
offset = int(sys.argv[1])
with open("bad.h5", "r+b") as f:
    f.seek(offset)
    b = f.read(1)
    f.seek(offset)
    f.write(bytes([b[0] ^ 0x5a]))
P
  refused "byte $offset flipped" "$retzef" inspect bad.h5
  refused "byte $offset flipped" "$retzef" inspect bad.h5 --indicators
  refused "byte $offset flipped" /usr/bin/python3 "$report" bad.h5 -o report
done
echo "ok: flipped bytes at 11 offsets refused by inspect and the report"
head -c $((size / 2)) good.h5 > bad.h5
refused "truncated" "$retzef" inspect bad.h5
grep -q "truncated" err.txt
refused "truncated" /usr/bin/python3 "$report" bad.h5 -o report
{ cat good.h5; printf 'x'; } > bad.h5
refused "extended" "$retzef" inspect bad.h5
echo "ok: a truncated or extended file is refused"

# Damage in the magic itself: neither the header nor an HDF5 signature.
cp good.h5 bad.h5
printf 'X' | dd of=bad.h5 bs=1 seek=0 conv=notrunc status=none
refused "magic" "$retzef" inspect bad.h5
refused "magic" /usr/bin/python3 "$report" bad.h5 -o report

# A file without the header (as written before) is read, with a warning.
h5unjam -i good.h5 -o old.h5 >/dev/null
"$retzef" inspect old.h5 >/dev/null 2>err.txt
grep -q "old.h5: no checksum" err.txt || { cat err.txt >&2; exit 1; }
/usr/bin/python3 "$report" old.h5 -o old_report >/dev/null 2>err.txt
grep -q "warning: old.h5: no checksum" err.txt || { cat err.txt >&2; exit 1; }
echo "ok: a file without a checksum is read with a warning"

# The report's own write errors: one line and a non-zero exit, not a traceback.
status=0
/usr/bin/python3 "$report" good.h5 -o good_report >/dev/full 2>err.txt || status=$?
[ "$status" -ne 0 ] && grep -q "cannot write to standard output" err.txt &&
  ! grep -q Traceback err.txt && [ "$(wc -l < err.txt)" -eq 1 ] || {
  echo "report > /dev/full: status $status" >&2
  cat err.txt >&2
  exit 1
}
touch not_a_folder
status=0
/usr/bin/python3 "$report" good.h5 -o not_a_folder/x >/dev/null 2>err.txt || status=$?
[ "$status" -ne 0 ] && ! grep -q Traceback err.txt && [ "$(wc -l < err.txt)" -eq 1 ] || {
  echo "report into an unwritable folder: status $status" >&2
  cat err.txt >&2
  exit 1
}
echo "ok: the report's write errors are one line"
