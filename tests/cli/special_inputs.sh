#!/usr/bin/env bash
# Inputs that hung retzef or lost its output are refused quickly with a message naming the path:
# a character device (/dev/zero was read forever, memory growing), a FIFO with no writer
# (blocked forever), a socket, a folder and a file past the size limit, as a scenario, an
# experiment or an experiment's base scenario. Standard output that cannot be written
# (`> /dev/full`) is an error for every subcommand that prints, not exit 0 with the output lost.
# The sweep-size and duplicate-case errors name FILE:LINE:COL, and a value holding a newline
# is shown escaped, so that one problem stays one line.
# Usage: special_inputs.sh RETZEF WORKDIR
set -euo pipefail
retzef=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# refused EXPECTED_TEXT COMMAND...: a clean refusal, within 10 s, whose message holds the text.
refused() {
  local expected=$1
  shift
  local status=0
  timeout 10 "$@" >out.txt 2>err.txt || status=$?
  if [ "$status" -eq 0 ] || [ "$status" -gt 123 ]; then
    echo "$*: exit status $status, expected a refusal (124: it hung)" >&2
    cat err.txt >&2
    exit 1
  fi
  grep -qF -- "$expected" err.txt || {
    echo "$*: expected '$expected' in" >&2
    cat err.txt out.txt >&2
    exit 1
  }
}

refused "/dev/zero: cannot read: is a character device, expected a regular file" \
  "$retzef" validate /dev/zero
refused "/dev/zero: cannot read: is a character device" "$retzef" run /dev/zero
refused "/dev/zero: cannot read: is a character device" "$retzef" batch /dev/zero -o z.h5
mkfifo fifo.toml
refused "fifo.toml: cannot read: is a FIFO (named pipe), expected a regular file" \
  "$retzef" validate fifo.toml
refused "fifo.toml: cannot read: is a FIFO" "$retzef" batch fifo.toml -o f.h5
mkdir folder.toml
refused "folder.toml: cannot read: is a directory, expected a regular file" \
  "$retzef" validate folder.toml
/usr/bin/python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.bind("sock.toml")'
refused "sock.toml: cannot read: is a socket, expected a regular file" "$retzef" validate sock.toml
truncate -s $(((64 << 20) + 1)) large.toml
refused "large.toml: cannot read: larger than 64 MiB (67108865 bytes)" "$retzef" validate large.toml
# An experiment whose base scenario is a FIFO: refused at the base key, nothing blocks.
printf '[experiment]\nname = "e"\nbase = "fifo.toml"\n\n[designs.a]\n' > base_fifo.toml
refused "base_fifo.toml:3:8: experiment.base: fifo.toml: cannot read: is a FIFO" \
  "$retzef" validate base_fifo.toml
[ ! -e z.h5.parts ] && [ ! -e f.h5.parts ] ||
  { echo "parts folder left behind by a refused batch" >&2; exit 1; }
echo "ok: special files refused at once"

# Standard output on a full device: every printing subcommand fails with a message.
"$retzef" -q run medical -r 1 -o small.h5 >/dev/null 2>&1
full() {
  local status=0
  "$@" >/dev/full 2>err.txt || status=$?
  [ "$status" -ne 0 ] && [ "$status" -lt 128 ] &&
    grep -q "^error: cannot write to standard output: " err.txt || {
    echo "$* > /dev/full: exit status $status" >&2
    cat err.txt >&2
    exit 1
  }
}
full "$retzef" --help
full "$retzef" --version
full "$retzef" scenarios
full "$retzef" scenarios medical
"$retzef" scenarios medical > medical.toml
full "$retzef" validate medical.toml
full "$retzef" validate --json medical.toml
full "$retzef" run medical -r 1 --json
full "$retzef" inspect small.h5
full "$retzef" inspect small.h5 --indicators
full "$retzef" bench mm1 --customers 1000
echo "ok: standard output errors reported"

# The sweep-size and duplicate-case errors name the place in the file.
cat > many.toml <<'T'
[experiment]
name = "many"
base = "medical"

[designs.a]

[[sweeps]]
key = "regions.catchment.population"
range = [1000, 200000, 1000]

[[sweeps]]
key = "policy.follow_up_probability"
range = [0.001, 0.2, 0.001]
T
refused "many.toml:5:10: designs.a: expected at most 10000 cases in the experiment" \
  "$retzef" validate many.toml
cat > twice.toml <<'T'
[experiment]
name = "twice"
base = "medical"

[designs.a]

[[sweeps]]
key = "policy.follow_up_probability"
values = [0.5, 0.50]
T
refused "twice.toml:5:10: designs.a: expected distinct case names" "$retzef" validate twice.toml
# A value with a newline: one problem is one line, the newline shown escaped.
printf '[experiment]\nname = "nl"\nbase = "medical"\n\n[designs.a]\nscenario = "med\\ncal"\n' \
  > newline.toml
refused 'no built-in scenario "med\ncal"' "$retzef" validate newline.toml
[ "$(grep -c . err.txt)" -le 2 ] || { echo "a problem spread over several lines:" >&2; cat err.txt >&2; exit 1; }
echo "ok: messages name file:line:col and stay on one line"
