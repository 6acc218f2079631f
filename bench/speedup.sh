#!/usr/bin/env bash
# Speedup with added hosts: the same CPU-bound job (the pi estimator, MAPS maps of SAMPLES
# samples each) on clusters of 1, 2, 4 and 8 worker hosts that share no files
# (bench/nscluster.sh), each worker host held to CPU cores of the machine by a CPU cgroup
# (default 0.25: eight such hosts have the 2 cores of a small machine between them), one map
# slot each. The job's CPU work is fixed, so ideal time halves as hosts double; the table gives
# the job's time (submit to end, median of RUNS), the speedup over one host and its efficiency.
# Master, NameNode, ZooKeeper and client hosts are not held: they share what is left.
# Needs root (network namespaces, cgroups). Appends a section to BENCHMARKS.md.
# Usage: bin/quern bench speedup [HOSTS=1,2,4,8] [RUNS=3] [MAPS=16] [SAMPLES=5000000] [CPU=0.25]
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUERN_HOME="$(cd "$BENCH_DIR/.." && pwd)"
. "$BENCH_DIR/lib.sh"
hosts_list="${1:-1,2,4,8}"
runs="${2:-3}"
maps="${3:-16}"
samples="${4:-5000000}"
cpu="${5:-0.25}"
export QUERN_NS_STATE="$BENCH_DIR/target/speedup"
export QUERN_NS_WORKER_CPU="$cpu"
export QUERN_NS_WORKER_SLOTS=1
CLUSTER="$BENCH_DIR/nscluster.sh"
NS="$BENCH_DIR/nshosts.sh"
cd "$QUERN_HOME"
trap '"$CLUSTER" down >/dev/null 2>&1 || true' EXIT
mkdir -p "$QUERN_NS_STATE"
log="$QUERN_NS_STATE/jobs.log"
: > "$log"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for n in ${hosts_list//,/ }; do
  export QUERN_NS_WORKERS="$n"
  "$CLUSTER" up > "$QUERN_NS_STATE/up-$n.out" 2>&1 || { echo "speedup: the $n-host cluster did not start; see $QUERN_NS_STATE/up-$n.out" >&2; exit 1; }
  cp examples/target/quern-examples.jar "$("$NS" tmp client)/job.jar"
  # A first job warms the daemons and starts every host's spare child.
  "$CLUSTER" client bin/quern jar /tmp/job.jar pi 2 1000 >> "$log" 2>&1
  for i in $(seq 1 "$runs"); do
    t0=$(now)
    "$CLUSTER" client bin/quern jar /tmp/job.jar pi "$maps" "$samples" >> "$log" 2>&1 \
      || { echo "speedup: the job on $n hosts failed; see $log" >&2; exit 1; }
    add "h$n" "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')"
  done
  echo "$n hosts: ${r[h$n]# }"
  "$CLUSTER" down > /dev/null 2>&1
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

first=""
rows=""
for n in ${hosts_list//,/ }; do
  t=$(med "h$n")
  [ -z "$first" ] && { first="$t"; first_n="$n"; }
  speed=$(awk -v a="$first" -v b="$t" 'BEGIN { printf "%.2f", a / b }')
  eff=$(awk -v s="$speed" -v n="$n" -v f="$first_n" 'BEGIN { printf "%.0f", 100 * s / (n / f) }')
  rows="$rows
| $n | $t s | ${r[h$n]# } | ${speed}× | $eff % |"
done
section=$(cat <<SECTION

## Speedup with added hosts, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))

Machine: $(machine); load average before $load0, after $load1.
Command: \`bin/quern bench speedup $hosts_list $runs $maps $samples $cpu\`: pi with $maps maps of $samples
samples on worker hosts that share no files (network and mount namespaces), each held to $cpu of a
core by a CPU cgroup, one map slot each; master, NameNode, ZooKeeper and client hosts unheld.

| worker hosts | job time (median) | runs | speedup over $first_n | efficiency |
|---|---|---|---|---|$rows
SECTION
)
echo "$section"
echo "$section" >> "$QUERN_HOME/BENCHMARKS.md"
