#!/usr/bin/env bash
# Installs everything retzef needs to build, test and analyse, from Debian 12's archive only.
# Idempotent: packages already present are left as they are. Runs apt-get through sudo when
# not root.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config clang-format
  libboost-graph-dev libtbb-dev libspdlog-dev catch2 libhdf5-dev hdf5-tools libdeflate-dev
  libopenmpi-dev openmpi-bin libtomlplusplus-dev libcli11-dev librandom123-dev
  python3 python3-h5py python3-pandas python3-matplotlib python3-scipy python3-pytest
  chromium  # the analysis tests render the report in a headless browser
  clang-14 libclang-rt-14-dev  # the fuzz preset: clang++-14 and its libFuzzer and sanitizer runtimes
  gdb  # the fuzz preset's judge traces a finding whose stack the sanitizer lost
  slurm-wlm munge  # the Slurm test starts a one-node Slurm on localhost (tests/cli/slurm_cluster.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
