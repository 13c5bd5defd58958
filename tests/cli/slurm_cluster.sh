#!/usr/bin/env bash
# A real Slurm on this machine: munged, slurmctld and slurmd from Debian's packages (slurm-wlm,
# munge) started on localhost with a generated slurm.conf in a scratch folder, then the scripts
# in experiments/slurm/ submitted unchanged - the job array of shards with its assembling job,
# and the MPI job - for a small experiment; each result must equal, by h5diff of /runs, a local
# run. Only the sizes the scripts ask for (32 cores per task, 2 nodes) are overridden on the
# sbatch command line, as a user of a smaller cluster would. Exits 77 (the test is skipped, with
# the reason on stderr) when the packages are missing or a daemon cannot start here.
# Usage: slurm_cluster.sh RETZEF SOURCE_DIR EXPERIMENT WORKDIR
set -euo pipefail
retzef=$1 source_dir=$2 experiment=$3 work=$4
skip() {
  echo "SKIPPED: $*" >&2
  exit 77
}
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol h5diff; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install slurm-wlm munge hdf5-tools)"
done
[ "$(id -u)" = 0 ] || skip "slurmd needs root to start jobs as their user"

rm -rf "$work" && mkdir -p "$work"/{munge,state,spool,logs} && cd "$work"
pids=()
cleanup() {
  # Only the daemons this script started, by their process ids.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# munge: a key and a daemon of our own, on a socket of our own.
mungekey -c -k "$work/munge/munge.key" 2>/dev/null || skip "mungekey cannot create a key"
chmod 0700 "$work/munge"
munged -F --force -S "$work/munge/socket" --key-file="$work/munge/munge.key" \
  --pid-file="$work/munge/pid" --log-file="$work/logs/munged.log" --seed-file="$work/munge/seed" \
  2>>"$work/logs/munged.err" &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/socket" ] && break; sleep 0.1; done
[ -S "$work/munge/socket" ] || skip "munged did not start: $(tail -3 "$work/logs/munged.log" 2>/dev/null)"

# Ports of our own, so that the test neither meets nor disturbs a Slurm the machine may run:
# two neighbouring ports that no socket on the machine holds (/proc/net/tcp{,6}), and, should
# one be taken between the choice and the start, the daemons started again on another pair. A
# port taken by chance is no reason to skip.
host=$(hostname -s)
cpus=$(nproc)
ports_in_use() {
  local _ address _rest
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _ address _rest; do
    if [[ $address =~ :([0-9A-Fa-f]{4})$ ]]; then echo $((16#${BASH_REMATCH[1]})); fi
  done
}
# Sets port to the first of two neighbouring ports no socket holds.
choose_ports() {
  local used
  used=" $(ports_in_use | tr '\n' ' ') "
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    case $used in *" $port "* | *" $((port + 1)) "*) continue ;; esac
    return
  done
  skip "no two neighbouring free ports between 20000 and 40000"
}
write_conf() {
  cat > slurm.conf <<CONF
ClusterName=retzef-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$(($1 + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}
export SLURM_CONF=$work/slurm.conf
ready="" daemons=()
for attempt in 1 2 3; do
  choose_ports
  write_conf "$port"
  slurmctld -D -f "$SLURM_CONF" 2>>logs/slurmctld.err &
  daemons=($!)
  slurmd -D -f "$SLURM_CONF" 2>>logs/slurmd.err &
  daemons+=($!)
  pids+=("${daemons[@]}")
  # Until the controller has ended (a port it could not bind) or the node is up; each query
  # bounded, since whatever else holds a port may accept a connection and never answer.
  for _ in $(seq 100); do
    kill -0 "${daemons[0]}" 2>/dev/null || break
    if timeout 10 sinfo -h -o %T 2>/dev/null | grep -qE "^(idle|mixed|allocated)"; then ready=1; break; fi
    sleep 0.2
  done
  [ -n "$ready" ] && break
  grep -qi "address already in use" logs/slurmctld.log logs/slurmd.log logs/*.err 2>/dev/null || break
  echo "port $port or $((port + 1)) was taken; starting again on another pair" >&2
  for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf state/* spool/*
  : > logs/slurmctld.log; : > logs/slurmd.log
done
[ -n "$ready" ] || skip "the node did not come up: $(tail -3 logs/slurmctld.log logs/slurmd.log 2>/dev/null | tr '\n' ' ')"
echo "ok: slurmctld and slurmd up on $host ($cpus cpus), port $port"

# Wait for jobs to leave the queue; fail with their logs if one did not complete.
wait_for() {
  for _ in $(seq 900); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && break
    sleep 0.2
  done
  if [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; then
    echo "job $1 still queued: $(squeue -j "$1")" >&2
    exit 1
  fi
}

export RETZEF=$retzef EXPERIMENT=$experiment
cd "$source_dir"
# The job array: two shards of the replications, then the assembling job.
export OUTPUT=$work/array/result.h5
array=$(sbatch --parsable --array=0-1 --cpus-per-task=1 --mem-per-cpu=400M \
  --output="$work/logs/array-%A_%a.log" experiments/slurm/batch-array.sbatch)
assemble=$(sbatch --parsable --dependency=afterok:"$array" --cpus-per-task=1 --mem-per-cpu=400M \
  --output="$work/logs/assemble-%j.log" --wrap "$RETZEF -q batch $EXPERIMENT -o $OUTPUT --threads 1")
# The MPI job, on the one node there is.
mpi=$(OUTPUT=$work/mpi/result.h5 sbatch --parsable --nodes=1 --ntasks-per-node=1 \
  --cpus-per-task="$cpus" --mem-per-cpu=400M --output="$work/logs/mpi-%j.log" \
  experiments/slurm/batch-mpi.sbatch)
wait_for "$array"
wait_for "$assemble"
wait_for "$mpi"
for job in "$array" "$assemble" "$mpi"; do
  state=$(scontrol show job "$job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' ')
  echo "job $job: $state"
done
cd "$work"
"$retzef" -q batch "$experiment" -o local.h5 --threads 2 2>/dev/null
for result in array/result.h5 mpi/result.h5; do
  if [ ! -f "$result" ]; then
    echo "no $result; the jobs' logs:" >&2
    tail -n 20 logs/*.log >&2
    exit 1
  fi
  if ! h5diff -q local.h5 "$result" /runs /runs; then
    echo "$result: /runs differs from the local run" >&2
    exit 1
  fi
  echo "ok: $result has the same /runs as a local run"
done
