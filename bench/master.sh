#!/usr/bin/env bash
# How far one master goes: real masters (each its own JVM) and simulated workers (one JVM, real
# ZooKeeper registrations and RMI endpoints, attempts without child JVMs) on an isolated
# ZooKeeper; map-only jobs of TASKS synthetic maps through the real job client. Prints per
# number of workers and task length the assignments per second, the wait from a freed slot to
# its next attempt, the master's heap after GC and CPU, the ZooKeeper data per finished task
# (its records for a new leader), then the failover time with a running job.
# Usage: bench/master.sh [WORKERS=10,100,1000] [TASKS=100000] [RUNS=3] [TASKMS=0,1000] [MasterBench options]
#   e.g. bench/master.sh 1000 100000 1 0 -jfr /tmp/master.jfr   (profile one run)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
workers="${1:-10,100,1000}"; tasks="${2:-100000}"; runs="${3:-3}"; taskms="${4:-0,1000}"
shift $(( $# < 4 ? $# : 4 ))
bench_conf "${BENCH_SESSION:-10s}"
# Every simulated worker dials the master from this one host: lift the per-peer connection cap
# (64) a real cluster of many hosts never meets.
bench_prop quern.rpc.max.connections.per.peer 4096
# No DFS here: staging, output and history on the local disk; jobs do not wait for a NameNode.
bench_prop fs.defaultFS file:///
bench_prop mapreduce.jobtracker.staging.root.dir "$BENCH_TMP/staging"
bench_prop mapred.job.history.dir "$BENCH_TMP/history"
bench_prop mapred.namenode.wait.window 24h
set +u; . "$QUERN_HOME/bin/quern-config.sh"; set -u
cd "$QUERN_HOME"
trap 'bin/zookeeper.sh stop >/dev/null 2>&1 || true' EXIT
bin/zookeeper.sh start > "$BENCH_TMP/zookeeper.out"
export QUERN_MASTER_OPTS="$QUERN_JVM_OPTS ${QUERN_OPTS:-}"
echo "machine: $(machine); load average $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other developers' builds)"
echo "commit: $(git -C "$QUERN_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)"
"$JAVA" $QUERN_JVM_OPTS -Dquern.log.level=WARN -cp "$QUERN_CLASSPATH" io.quern.worker.sim.MasterBench \
  -workers "$workers" -tasks "$tasks" -runs "$runs" -taskms "$taskms" -dir "$BENCH_TMP" "$@"
