#!/usr/bin/env bash
# Chaos suite: on an isolated pseudo-distributed cluster (bench/lib.sh), runs ROUNDS wordcount
# jobs, each with one fault injected at a random time, drawn with SEED:
#   worker       SIGKILL a worker
#   datanode     SIGKILL a DataNode
#   master       SIGKILL the active master
#   pause        SIGSTOP the active master past the session timeout, then SIGCONT
#   namenode     SIGKILL the NameNode and start it again
# After each round it restarts what it killed, checks the job's output against a reference
# counted with sort | uniq (not with Quern) and that fsck reports the DFS HEALTHY. Prints
# per round the fault and the time it added to the median fault-free job (one runs first and
# another after each shuffle of faults, since the machine's load drifts), then
# "N passed, M failed"; exits non-zero if any round failed.
# Faults come in seeded shuffles of the whole list, so that any run of as many rounds as
# there are faults injects each one once.
# Usage: bench/chaos.sh ROUNDS SEED
#   env: CHAOS_MB=24 input size, CHAOS_SESSION=4s, CHAOS_FAULTS="worker datanode master pause namenode"
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:?usage: quern chaos ROUNDS SEED}"
seed="${2:?usage: quern chaos ROUNDS SEED}"
mb="${CHAOS_MB:-24}"
session="${CHAOS_SESSION:-4s}"
session_s="${session%s}"
RANDOM="$seed"
faults=(${CHAOS_FAULTS:-worker datanode master pause namenode})
for f in "${faults[@]}"; do
  case "$f" in worker|datanode|master|pause|namenode) ;; *) echo "chaos: unknown fault '$f'" >&2; exit 2 ;; esac
done
. "$(dirname "${BASH_SOURCE[0]}")/faults.sh"
bench_conf "$session"
cd "$QUERN_HOME"
q() { bin/quern "$@"; }
trap 'bin/stop-all.sh >/dev/null 2>&1 || true' EXIT
if ! bin/start-all.sh > "$BENCH_TMP/start.out" 2>&1; then
  { echo "chaos: the cluster did not start"; cat "$BENCH_TMP/start.out"
    for f in "$BENCH_TMP"/data/logs/*; do [ -s "$f" ] && { echo "--- last lines of $f:"; tail -n 15 "$f"; }; done
  } >&2
  exit 2
fi
workers=($(grep -v '^#' "$QUERN_CONF_DIR/workers"))
masters=($(grep -v '^#' "$QUERN_CONF_DIR/masters"))

# Input: seeded words; the reference is counted by coreutils.
input="$BENCH_TMP/chaos-input.txt"
awk -v seed="$seed" -v bytes=$((mb << 20)) 'BEGIN { srand(seed); n = 0
  while (n < bytes) { line = ""; for (i = 0; i < 12; i++) line = line "w" int(rand() * rand() * 20000) " ";
    print line; n += length(line) + 1 } }' > "$input"
tr -s ' ' '\n' < "$input" | grep -v '^$' | sort | uniq -c | awk '{print $2 "\t" $1}' | LC_ALL=C sort > "$BENCH_TMP/reference.txt"
q fs -mkdir -p /chaos >/dev/null
q fs -D dfs.block.size=1m -put "$input" /chaos/input.txt >/dev/null || { echo "chaos: cannot load the input" >&2; exit 2; }

active_master() { q admin -masters 2>/dev/null | awk '$2 == "active" {print $1}' | cut -d: -f1; }

# Starts every daemon of the layout that is not running, then waits for the whole cluster.
restore() {
  pid_of namenode 127.0.0.1 >/dev/null || bin/quern-daemon.sh start namenode 127.0.0.1 >/dev/null
  for h in "${workers[@]}"; do
    pid_of datanode "$h" >/dev/null || bin/quern-daemon.sh start datanode "$h" >/dev/null
    pid_of worker "$h" >/dev/null || bin/quern-daemon.sh start worker "$h" >/dev/null
  done
  for h in "${masters[@]}"; do
    pid_of master "$h" >/dev/null || bin/quern-daemon.sh start master "$h" >/dev/null
  done
  q admin -wait namenode 1 datanode "${#workers[@]}" master "${#masters[@]}" worker "${#workers[@]}" \
    active-master 1 -timeout 90 >/dev/null 2>&1
}

# Runs the wordcount into $1, its output in $2; fails if the job fails.
run_job() {
  q jar examples/target/quern-examples.jar wordcount -D mapred.reduce.tasks=2 /chaos/input.txt "$1" > "$2" 2>&1
}

check_output() {
  q fs -cat "$1/part-*" 2>/dev/null | LC_ALL=C sort > "$BENCH_TMP/got.txt"
  cmp -s "$BENCH_TMP/got.txt" "$BENCH_TMP/reference.txt"
}

check_fsck() { fsck_healthy q; }

# Injects fault $1; $2 is a random number drawn by the caller, since a $(...) subshell
# reseeds $RANDOM and would make the run depend on more than the seed.
inject() {
  local fault="$1" pick="$2" host pid
  case "$fault" in
    worker)   host="${workers[pick % ${#workers[@]}]}"; kill -9 "$(pid_of worker "$host")"; echo "worker $host" ;;
    datanode) host="${workers[pick % ${#workers[@]}]}"; kill -9 "$(pid_of datanode "$host")"; echo "datanode $host" ;;
    master)   host="$(active_master)"; kill -9 "$(pid_of master "$host")"; echo "master $host" ;;
    pause)    host="$(active_master)"; pid="$(pid_of master "$host")"; kill -STOP "$pid"
              sleep $(( session_s + 3 )); kill -CONT "$pid"; echo "pause $host" ;;
    namenode) kill -9 "$(pid_of namenode 127.0.0.1)"; sleep 1
              bin/quern-daemon.sh start namenode 127.0.0.1 >/dev/null; echo "namenode" ;;
  esac
}

# A fault-free job: its time is appended to reference-times.txt; exits if it fails, since then
# no round could tell a fault's harm from a broken cluster.
reference_job() {
  local t0 secs
  t0=$(now); run_job /chaos/out-reference "$BENCH_TMP/job-reference.out"; local rc=$?
  secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  if [ $rc -ne 0 ] || ! check_output /chaos/out-reference; then
    echo "chaos: the fault-free job failed; see $BENCH_TMP/job-reference.out" >&2; exit 2
  fi
  q fs -rm -r /chaos/out-reference >/dev/null 2>&1
  echo "$secs" >> "$BENCH_TMP/reference-times.txt"
  echo "fault-free job: $secs s"
}
: > "$BENCH_TMP/reference-times.txt"
# Twice: the first job on a fresh cluster starts cold (JIT, task JVMs, caches) and can take twice
# as long as the next, which would put a fault's moment past the end of a warm job.
reference_job
reference_job
baseline=$(median < "$BENCH_TMP/reference-times.txt")
# The shortest job seen, fault-free or in a round: the machine's load changes under the run, and a
# fault's moment must come before the end of a job as fast as the quietest moment makes it.
fastest() { sort -n "$BENCH_TMP/reference-times.txt" "$BENCH_TMP/round-times.txt" | head -1; }
: > "$BENCH_TMP/round-times.txt"
passed=0; failed=0
: > "$BENCH_TMP/added.txt"
for r in $(seq 1 "$rounds"); do
  next_fault
  # A fault after the job's end would test nothing: such a round runs again (twice at most) with
  # a moment drawn against the job it just timed; if every try ends first, it is reported as such.
  for try in 1 2 3; do
    # A random moment in the first 60% of the fastest job, at least 2 s in.
    delay=$(awk -v b="$(fastest)" -v x=$RANDOM 'BEGIN { printf "%.1f", 2 + (b * 0.6 - 2 > 0 ? (b * 0.6 - 2) * x / 32768 : 0) }')
    out="/chaos/out-$r"
    t0=$(now)
    run_job "$out" "$BENCH_TMP/job-$r.out" & job=$!
    sleep "$delay"
    pick=$RANDOM
    if kill -0 "$job" 2>/dev/null; then what="$(inject "$fault" "$pick")"; else what="(job ended first)"; fi
    wait "$job"; rc=$?
    secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    # A job that failed or wrote wrong output without any fault is this round's verdict as it is.
    if [ "$what" != "(job ended first)" ] || [ $rc -ne 0 ] || ! check_output "$out"; then break; fi
    echo "$secs" >> "$BENCH_TMP/round-times.txt"
    [ "$try" -lt 3 ] && q fs -rm -r "$out" >/dev/null 2>&1
  done
  verdict=ok
  if [ $rc -ne 0 ]; then verdict="job failed: $(tail -1 "$BENCH_TMP/job-$r.out")"
  elif ! check_output "$out"; then verdict="output differs from the reference"; fi
  restore || { [ "$verdict" = ok ] && verdict="the cluster did not come back"; }
  if [ "$verdict" = ok ] && ! check_fsck; then verdict="fsck not HEALTHY"; fi
  q fs -rm -r "$out" >/dev/null 2>&1
  if [ "$verdict" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  added="$(awk -v s="$secs" -v b="$baseline" 'BEGIN { printf "%.1f", s - b }')"
  [ "$what" != "(job ended first)" ] && echo "$fault $secs" >> "$BENCH_TMP/added.txt"
  printf 'round %d: %-22s at %5.1f s: job %6.1f s (%+.1f s vs fault-free): %s\n' "$r" "$what" "$delay" "$secs" \
    "$added" "$verdict"
  if (( r % ${#faults[@]} == 0 && r < rounds )); then
    reference_job
    baseline=$(median < "$BENCH_TMP/reference-times.txt")
  fi
done
echo "time added to the job by each fault (median job with it minus median fault-free job $baseline s of $(wc -l < "$BENCH_TMP/reference-times.txt")):"
for f in "${faults[@]}"; do
  n=$(awk -v f="$f" '$1 == f' "$BENCH_TMP/added.txt" | wc -l)
  [ "$n" -gt 0 ] && printf '  %-9s %+6.1f s  (%d rounds)\n' "$f" \
    "$(awk -v f="$f" '$1 == f {print $2}' "$BENCH_TMP/added.txt" | median | awk -v b="$baseline" '{print $1 - b}')" "$n"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
