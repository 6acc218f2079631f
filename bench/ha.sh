#!/usr/bin/env bash
# High-availability measurements on the pseudo-distributed cluster (bench/lib.sh), with a
# wordcount running. RUNS times, in turn:
#   none    the job with no fault: the reference job time;
#   master  the job with the active master SIGKILLed once its first map is recorded as
#           finished: the job time, and from the kill to the standby leading and to its first
#           task attempt launched (timestamps of the new master's log);
#   worker  the job with a worker SIGKILLed at the same point: the job time.
# Interleaving the three keeps the machine's load drift out of the comparison. Every job's
# output is checked against a reference counted by sort | uniq -c.
# Usage: bench/ha.sh [RUNS=5] [SESSION_TIMEOUT=10s] [MB=16]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
session="${2:-10s}"
mb="${3:-16}"
bench_conf "$session"
cd "$QUERN_HOME"
q() { bin/quern "$@"; }
trap 'bin/stop-all.sh >/dev/null 2>&1 || true' EXIT
bin/start-all.sh > "$BENCH_TMP/start.out" 2>&1
logs="$BENCH_TMP/data/logs"

input="$BENCH_TMP/input.txt"
awk -v seed=1 -v bytes=$((mb << 20)) 'BEGIN { srand(seed); n = 0
  while (n < bytes) { line = ""; for (i = 0; i < 12; i++) line = line "w" int(rand() * rand() * 20000) " ";
    print line; n += length(line) + 1 } }' > "$input"
tr -s ' ' '\n' < "$input" | grep -v '^$' | sort | uniq -c | awk '{print $2 "\t" $1}' | LC_ALL=C sort > "$BENCH_TMP/reference.txt"
q fs -mkdir -p /ha >/dev/null
# 1 MiB blocks: several waves of maps, so that a fault finds maps done and maps to do.
q fs -D dfs.block.size=1m -put "$input" /ha/input.txt >/dev/null

active_master() { q admin -masters 2>/dev/null | awk '$2 == "active" {print $1}' | cut -d: -f1; }
# Epoch seconds of a log line's ISO-8601 local timestamp (2026-11-23T08:16:07,036).
stamp() { date -d "$(echo "$1" | awk '{print $1}' | tr ',' '.')" +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# First line after line $2 of log $1 matching $3, within 120 s.
await_log() {
  local deadline=$(( $(date +%s) + 120 )) line
  while [ "$(date +%s)" -lt "$deadline" ]; do
    line="$(tail -n +"$(( $2 + 1 ))" "$1" 2>/dev/null | grep -E -m1 "$3" || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.1
  done
  echo "ha: timed out waiting for /$3/ in $1" >&2
  return 1
}

lines() { wc -l < "$1" 2>/dev/null || echo 0; }

# Restarts whatever is down and waits for the whole cluster.
restore() {
  local h
  for h in $(grep -v '^#' "$QUERN_CONF_DIR/masters"); do
    pid_of master "$h" >/dev/null || bin/quern-daemon.sh start master "$h" >/dev/null
  done
  for h in $(grep -v '^#' "$QUERN_CONF_DIR/workers"); do
    pid_of worker "$h" >/dev/null || bin/quern-daemon.sh start worker "$h" >/dev/null
  done
  q admin -wait master 2 worker 3 active-master 1 -timeout 120 >/dev/null
}

# Runs the job with fault $1 (none, master, worker), run number $2; prints the job's seconds.
job_with() {
  local fault="$1" i="$2" out="/ha/out-$1-$2" master log from t0 tk line rc=0 worker
  master="$(active_master)"
  log="$logs/master-$master.log"
  from=$(lines "$log")
  t0=$(now)
  q jar examples/target/quern-examples.jar wordcount -D mapred.reduce.tasks=2 /ha/input.txt "$out" \
    > "$BENCH_TMP/job-$fault-$i.out" 2>&1 & local job=$!
  if [ "$fault" != none ]; then
    await_log "$log" "$from" "_m_[0-9]+ recorded as finished" >/dev/null
  fi
  case "$fault" in
    master)
      local standby other_from
      standby="$(grep -v '^#' "$QUERN_CONF_DIR/masters" | grep -v -x "$master" | head -1)"
      other_from=$(lines "$logs/master-$standby.log")
      tk=$(now); kill -9 "$(pid_of master "$master")"
      line="$(await_log "$logs/master-$standby.log" "$other_from" "Leading with epoch")"
      local lead; lead=$(secs "$tk" "$(stamp "$line")")
      line="$(await_log "$logs/master-$standby.log" "$other_from" " launched on ")"
      local first; first=$(secs "$tk" "$(stamp "$line")")
      echo "$lead $first" >> "$BENCH_TMP/failover.txt" ;;
    worker)
      worker="$(grep -v '^#' "$QUERN_CONF_DIR/workers" | sed -n "$(( i % 3 + 1 ))p")"
      kill -9 "$(pid_of worker "$worker")" ;;
  esac
  wait "$job" || rc=$?
  local t; t=$(secs "$t0" "$(now)")
  if [ $rc -ne 0 ]; then echo "ha: the job with fault $fault failed; see $BENCH_TMP/job-$fault-$i.out" >&2; exit 1; fi
  q fs -cat "$out/part-*" | LC_ALL=C sort > "$BENCH_TMP/got.txt"
  if ! cmp -s "$BENCH_TMP/got.txt" "$BENCH_TMP/reference.txt"; then
    echo "ha: the output of the job with fault $fault differs from the reference" >&2; exit 1
  fi
  q fs -rm -r "$out" >/dev/null
  restore
  echo "$t"
}

: > "$BENCH_TMP/failover.txt"
none=(); master=(); worker=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  t="$(job_with none "$i")" || exit 1; none+=("$t")
  t="$(job_with master "$i")" || exit 1; master+=("$t")
  f="$(tail -1 "$BENCH_TMP/failover.txt")"
  t="$(job_with worker "$i")" || exit 1; worker+=("$t")
  echo "run $i: no fault ${none[-1]} s; master kill ${master[-1]} s (standby leading after ${f% *} s, first task after ${f#* } s); worker kill ${worker[-1]} s"
done
med() { printf '%s\n' "$@" | median; }
echo "machine: $(machine)"
echo "session timeout: $session; wordcount of $mb MiB in 1 MiB blocks, 2 reduces; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "master SIGKILL -> standby leading, median of $runs: $(awk '{print $1}' "$BENCH_TMP/failover.txt" | median) s ($(awk '{printf "%s ", $1}' "$BENCH_TMP/failover.txt"))"
echo "master SIGKILL -> first task launched by the new master, median of $runs: $(awk '{print $2}' "$BENCH_TMP/failover.txt" | median) s ($(awk '{printf "%s ", $2}' "$BENCH_TMP/failover.txt"))"
echo "job, no fault, median of $runs: $(med "${none[@]}") s (${none[*]})"
echo "job, one master kill, median of $runs: $(med "${master[@]}") s (${master[*]})"
echo "job, one worker kill, median of $runs: $(med "${worker[@]}") s (${worker[*]})"
