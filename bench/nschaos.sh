#!/usr/bin/env bash
# Partition chaos: on a cluster of hosts that share no files (bench/nscluster.sh), runs ROUNDS
# wordcount jobs from the client host, each with one network fault drawn with SEED:
#   cut-master     the active master's link down past its session, then up
#   cut-master-zk  the active master cut from ZooKeeper only (it still reaches the workers, and
#                  they it): it must stand down and command nothing once its epoch is stale
#   cut-worker     a worker host (its worker and DataNode) off the network past its session
#   blip-worker    a worker host off the network for 2 s, less than a session
#   cut-rack       the NameNode cut from rack2's host (w3) past the session
#   kill-master    the active master SIGKILLed, started again after the session
#   kill-worker    a worker SIGKILLed (its running attempts' programs with it), started again
# Even rounds run Hadoop's word count as a jar, odd rounds a Streaming word count of two awk
# programs shipped with -file from the client host (nothing of the client's is on the others).
# After each round it heals every link, waits for the whole cluster, checks the job's output
# against a reference counted with sort | uniq and that fsck reports the DFS HEALTHY.
# Prints per round the fault and the job's time, then "N passed, M failed"; exits non-zero if
# any round failed. Faults come in seeded shuffles of the whole list, as in bench/chaos.sh.
# Needs root (network namespaces). Usage: bench/nschaos.sh ROUNDS SEED
#   env: CHAOS_MB=8 input size, CHAOS_SESSION=4s, CHAOS_FAULTS="cut-master cut-master-zk ..."
set -uo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUERN_HOME="$(cd "$BENCH_DIR/.." && pwd)"
rounds="${1:?usage: quern chaos -partitions ROUNDS SEED}"
seed="${2:?usage: quern chaos -partitions ROUNDS SEED}"
mb="${CHAOS_MB:-8}"
session="${CHAOS_SESSION:-4s}"
session_s="${session%s}"
RANDOM="$seed"
faults=(${CHAOS_FAULTS:-cut-master cut-master-zk cut-worker blip-worker cut-rack kill-master kill-worker})
for f in "${faults[@]}"; do
  case "$f" in cut-master|cut-master-zk|cut-worker|blip-worker|cut-rack|kill-master|kill-worker) ;;
    *) echo "nschaos: unknown fault '$f'" >&2; exit 2 ;; esac
done
export QUERN_NS_STATE="${QUERN_NS_STATE:-$BENCH_DIR/target/nschaos}"
export QUERN_NS_SESSION="$session"
NS="$BENCH_DIR/nshosts.sh"
CLUSTER="$BENCH_DIR/nscluster.sh"
now() { date +%s.%N; }
c() { "$CLUSTER" client "$@"; }
q() { "$CLUSTER" client bin/quern "$@"; }

. "$BENCH_DIR/faults.sh"

cd "$QUERN_HOME"
mkdir -p "$QUERN_NS_STATE"
work="$QUERN_NS_STATE/run"
rm -rf "$work"; mkdir -p "$work"
trap '"$CLUSTER" down >/dev/null 2>&1 || true' EXIT
if ! "$CLUSTER" up > "$work/up.out" 2>&1; then
  echo "nschaos: the cluster did not start"; cat "$work/up.out"; exit 2
fi
workers=(w1 w2 w3)

# Input written on the client host; the reference counted here by coreutils.
input="$("$NS" tmp client)/chaos-input.txt"
awk -v seed="$seed" -v bytes=$((mb << 20)) 'BEGIN { srand(seed); n = 0
  while (n < bytes) { line = ""; for (i = 0; i < 12; i++) line = line "w" int(rand() * rand() * 20000) " ";
    print line; n += length(line) + 1 } }' > "$input"
tr -s ' ' '\n' < "$input" | grep -v '^$' | sort | uniq -c | awk '{print $2 "\t" $1}' | LC_ALL=C sort > "$work/reference.txt"
cp examples/target/quern-examples.jar "$("$NS" tmp client)/job.jar"
# The Streaming word count's programs, on the client host only: -file ships them.
cat > "$("$NS" tmp client)/wc-map.sh" <<'SH'
#!/bin/sh
exec awk '{ for (i = 1; i <= NF; i++) print $i "\t1" }'
SH
cat > "$("$NS" tmp client)/wc-reduce.sh" <<'SH'
#!/bin/sh
exec awk -F '\t' '{ c[$1] += $2 } END { for (w in c) print w "\t" c[w] }'
SH
chmod 755 "$("$NS" tmp client)/wc-map.sh" "$("$NS" tmp client)/wc-reduce.sh"
q fs -mkdir -p /chaos >/dev/null
q fs -D dfs.block.size=1m -put /tmp/chaos-input.txt /chaos/input.txt >/dev/null || { echo "nschaos: cannot load the input" >&2; exit 2; }

active_master() { q admin -masters 2>/dev/null | awk '$2 == "active" {print $1}' | cut -d: -f1; }
host_of() { "$NS" list | awk -v a="$1" '$2 == a {print $1}'; }

# Job $3 (jar or streaming) writing to $1, its output in $2.
run_job() {
  if [ "${3:-jar}" = streaming ]; then
    q streaming -D mapred.reduce.tasks=2 -input /chaos/input.txt -output "$1" -mapper 'sh wc-map.sh' \
      -reducer 'sh wc-reduce.sh' -file /tmp/wc-map.sh -file /tmp/wc-reduce.sh > "$2" 2>&1
  else
    q jar /tmp/job.jar wordcount -D mapred.reduce.tasks=2 /chaos/input.txt "$1" > "$2" 2>&1
  fi
}
# SIGKILLs the daemon of class $2 (MasterMain, WorkerMain) on host $1: the hosts are network and
# mount namespaces, so their processes are this machine's.
kill_daemon() {
  local p
  for p in $(ip netns pids "qn-$1"); do
    if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q "io.quern.[a-z]*.$2 "; then kill -KILL "$p"; fi
  done
}
addr_of() { "$NS" list | awk -v h="$1" '$1 == h {print $2}'; }
# Compares the job's output with the reference; on a difference keeps what was read, the
# listing and the reader's errors beside the round's job output ($2).
check_output() {
  q fs -cat "$1/part-*" 2> "$work/cat.err" | LC_ALL=C sort > "$work/got.txt"
  cmp -s "$work/got.txt" "$work/reference.txt" && return 0
  cp "$work/got.txt" "$2.got"; cp "$work/cat.err" "$2.cat-err"
  q fs -ls -R "$1" > "$2.ls" 2>&1
  diff "$work/reference.txt" "$work/got.txt" | head -20 > "$2.diff"
  return 1
}
check_fsck() { fsck_healthy q; }
heal_all() {
  local h
  for h in zk nn m1 m2 w1 w2 w3 client; do "$NS" heal "$h"; done
  for h in m1 m2; do "$NS" heal "$h" zk 2>/dev/null; done
  "$NS" heal nn w3 2>/dev/null
  q admin -wait namenode 1 datanode 3 master 2 worker 3 active-master 1 -timeout 90 >/dev/null 2>&1
}

# Injects fault $1 (a cut held past the session, then healed); $2 is a random number drawn by
# the caller, since a $(...) subshell reseeds $RANDOM.
inject() {
  local fault="$1" pick="$2" host hold=$(( session_s + 4 ))
  case "$fault" in
    cut-master)    host="$(host_of "$(active_master)")"; "$NS" cut "$host"; sleep "$hold"; "$NS" heal "$host" ;;
    cut-master-zk) host="$(host_of "$(active_master)")"; "$NS" cut "$host" zk; sleep "$hold"; "$NS" heal "$host" zk ;;
    cut-worker)    host="${workers[pick % 3]}"; "$NS" cut "$host"; sleep "$hold"; "$NS" heal "$host" ;;
    blip-worker)   host="${workers[pick % 3]}"; "$NS" cut "$host"; sleep 2; "$NS" heal "$host" ;;
    cut-rack)      host=w3; "$NS" cut nn w3; sleep "$hold"; "$NS" heal nn w3 ;;
    kill-master)   host="$(host_of "$(active_master)")"; kill_daemon "$host" MasterMain; sleep "$hold"
                   "$CLUSTER" on "$host" bin/quern-daemon.sh start master "$(addr_of "$host")" >> "$work/restarts.out" 2>&1 ;;
    kill-worker)   host="${workers[pick % 3]}"; kill_daemon "$host" WorkerMain; sleep 2
                   "$CLUSTER" on "$host" bin/quern-daemon.sh start worker "$(addr_of "$host")" >> "$work/restarts.out" 2>&1 ;;
  esac
  echo "$fault ${host:-}"
}

reference_job() {
  local t0 secs
  t0=$(now); run_job /chaos/out-reference "$work/job-reference.out" "$1"; local rc=$?
  secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  if [ $rc -ne 0 ] || ! check_output /chaos/out-reference "$work/job-reference.out"; then
    echo "nschaos: the fault-free job failed; see $work/job-reference.out" >&2; exit 2
  fi
  q fs -rm -r /chaos/out-reference >/dev/null 2>&1
  echo "fault-free $1 job: $secs s"
  fastest="$secs"
}
reference_job streaming
reference_job jar
passed=0; failed=0
for r in $(seq 1 "$rounds"); do
  next_fault
  # A random moment in the first half of the fault-free job, at least 1 s in.
  delay=$(awk -v b="$fastest" -v x=$RANDOM 'BEGIN { printf "%.1f", 1 + (b * 0.5 - 1 > 0 ? (b * 0.5 - 1) * x / 32768 : 0) }')
  out="/chaos/out-$r"
  t0=$(now)
  kind=jar; [ $((r % 2)) -eq 1 ] && kind=streaming
  run_job "$out" "$work/job-$r.out" "$kind" & job=$!
  sleep "$delay"
  pick=$RANDOM
  if kill -0 "$job" 2>/dev/null; then what="$(inject "$fault" "$pick")"; else what="(job ended first)"; fi
  wait "$job"; rc=$?
  secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  verdict=ok
  if [ $rc -ne 0 ]; then verdict="job failed: $(grep -v '^\s' "$work/job-$r.out" | tail -1)"
  elif ! check_output "$out" "$work/job-$r.out"; then verdict="output differs from the reference (see $work/job-$r.out.*)"; fi
  heal_all || { [ "$verdict" = ok ] && verdict="the cluster did not come back"; }
  if [ "$verdict" = ok ] && ! check_fsck; then verdict="fsck not HEALTHY"; fi
  q fs -rm -r "$out" >/dev/null 2>&1
  if [ "$verdict" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  printf 'round %d: %-9s %-20s at %4.1f s: job %6.1f s: %s\n' "$r" "$kind" "$what" "$delay" "$secs" "$verdict"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
