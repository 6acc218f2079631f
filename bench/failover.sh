#!/usr/bin/env bash
# Measures, on the pseudo-distributed cluster, how long after a SIGKILL
#   - of the active master the standby is active (leader znode with the new endpoint), and
#   - of a worker it leaves the membership,
# as seen by a watcher process (quern admin -watch). Prints each run and the median.
# Usage: bench/failover.sh [RUNS=5] [SESSION_TIMEOUT=10s]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
session="${2:-10s}"
bench_conf "$session"
cd "$QUERN_HOME"
trap 'bin/stop-all.sh >/dev/null 2>&1 || true' EXIT
bin/start-all.sh > "$BENCH_TMP/start.out"

watch_log="$BENCH_TMP/watch.log"
bin/quern admin -watch > "$watch_log" 2>&1 &
watcher=$!
trap 'kill $watcher 2>/dev/null; bin/stop-all.sh >/dev/null 2>&1 || true' EXIT

# First line after line $1 of the watch log matching $2 and not matching $3, within 60 s.
await_line() {
  local deadline=$(( $(date +%s) + 60 )) line
  while [ "$(date +%s)" -lt "$deadline" ]; do
    line="$(tail -n +"$(( $1 + 1 ))" "$watch_log" | grep -E "$2" | grep -v -E "$3" | head -1 || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.05
  done
  echo "timed out waiting for /$2/ in $watch_log" >&2
  return 1
}

master_times=(); worker_times=()
for i in $(seq 1 "$runs"); do
  active="$(bin/quern admin -masters | awk '$2 == "active" {print $1}')"
  host="${active%:*}"
  pid="$(pid_of master "$host")"
  lines_before=$(wc -l < "$watch_log")
  t0="$(now)"; kill -9 "$pid"
  line="$(await_line "$lines_before" "leader [0-9.:]+ epoch" "leader $active ")"
  dt="$(since "$t0" "$(echo "$line" | awk '{print $1}')")"
  master_times+=("$dt"); echo "run $i: active master $active SIGKILLed -> $(echo "$line" | awk '{print $3}') active after $dt s"
  bin/quern-daemon.sh start master "$host" > /dev/null
  bin/quern admin -wait master 2 -timeout 60 > /dev/null

  worker_host="127.0.0.$(( (i % 3) + 2 ))"
  wpid="$(pid_of worker "$worker_host")"
  lines_before=$(wc -l < "$watch_log")
  t0="$(now)"; kill -9 "$wpid"
  line="$(await_line "$lines_before" "left worker $worker_host:" "^$")"
  dt="$(since "$t0" "$(echo "$line" | awk '{print $1}')")"
  worker_times+=("$dt"); echo "run $i: worker $worker_host SIGKILLed -> left membership after $dt s"
  bin/quern-daemon.sh start worker "$worker_host" > /dev/null
  bin/quern admin -wait worker 3 -timeout 60 > /dev/null
done
echo "machine: $(machine)"
echo "session timeout: $session"
echo "master failover median of $runs: $(printf '%s\n' "${master_times[@]}" | median) s"
echo "worker loss median of $runs: $(printf '%s\n' "${worker_times[@]}" | median) s"
