#!/usr/bin/env bash
# Measures a task farm of external programs on the pseudo-distributed cluster (an isolated one
# under bench/target, started and stopped here), each cluster run next to a reference measured
# in the same run on the same machine: the same programs run by xargs -P S on this host, S
# being the cluster's map slots.
#   (a) TASKS tasks of `sleep 1` (bin/quern streaming, NLineInputFormat, one line per task, no
#       reduce): wall time of the job (submit to end, from its history) against the ideal
#       ceil(TASKS/S) s, and the xargs reference;
#   (b) TASKS tasks of `true`: tasks per second, against xargs;
#   (c) kill: a task whose program forks a child that ignores SIGTERM; time from the start of
#       `bin/quern job -kill-task ATTEMPT` to no process of the attempt left (KILLS kills).
# Medians of RUNS runs; a dated section is appended to BENCHMARKS.md.
# Usage: bin/quern bench farm [TASKS=1000] [RUNS=3] [KILLS=5]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tasks="${1:-1000}"
runs="${2:-3}"
kills="${3:-5}"
bench_cluster 10s
log="$BENCH_TMP/jobs.log"
: > "$log"

# The cluster's map slots, as the workers registered them.
slots=$(q admin -report | awk '/ slots [0-9]+ map/ { for (i = 1; i < NF; i++) if ($i == "slots") s += $(i + 1) } END { print s + 0 }')
[ "$slots" -gt 0 ] || { echo "no map slots registered" >&2; exit 1; }
seq 1 "$tasks" > "$BENCH_TMP/params.txt"
q fs -mkdir -p /farm
q fs -put -f "$BENCH_TMP/params.txt" /farm/params.txt
ideal=$(( (tasks + slots - 1) / slots ))

# Runs a farm job of program $2 named $1 (run $3); records the job's seconds, submit to end.
farm() {
  local key=$1 program=$2 run=$3 out t0 t1 id
  q fs -rm -r -f "/farm/$key$run" > /dev/null 2>&1 || true
  t0=$(now)
  out=$(q streaming -D mapreduce.input.lineinputformat.linespermap=1 -input /farm/params.txt \
    -output "/farm/$key$run" -inputformat NLineInputFormat -mapper "$program" -reducer NONE 2>&1) \
    || { echo "$out" >> "$log"; echo "$key failed; see $log" >&2; exit 1; }
  t1=$(now)
  echo "$out" >> "$log"
  id=$(echo "$out" | grep -o 'job_[0-9a-z_]*' | head -1)
  # The job's own span (submitted to finished) leaves out the client JVM's start and exit.
  add "$key" "$(q job -history "$id" | awk '/^Submitted:/ {s=$2} /^Finished:/ {f=$2} END {print s, f}' \
    | { read -r s f; awk -v a="$(date -d "$s" +%s.%N)" -v b="$(date -d "$f" +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; })"
  add "${key}cli" "$(secs "$t0" "$t1")"
}
# The same programs by xargs on this host, S at a time.
local_farm() {
  local key=$1 program=$2 t0
  t0=$(now)
  xargs -P "$slots" -n 1 sh -c "$program" _ < "$BENCH_TMP/params.txt"
  add "$key" "$(secs "$t0" "$(now)")"
}

farm warm true 0   # the first job warms the daemons' code paths
for i in $(seq 1 "$runs"); do
  local_farm xsleep 'sleep 1'
  farm sleep 'sleep 1' "$i"
  local_farm xtrue 'true'
  farm true 'true' "$i"
  echo "run $i: sleep ${r[sleep]} (xargs ${r[xsleep]}) true ${r[true]} (xargs ${r[xtrue]})"
done

# (c) kill: the program forks a child that ignores SIGTERM, and waits.
q fs -mkdir -p /farm/kill
echo candidate > "$BENCH_TMP/one.txt"
q fs -put -f "$BENCH_TMP/one.txt" /farm/kill/one.txt
# The processes of an attempt carry its id in QUERN_TASK_PROCESS.
procs_of() { grep -l -a "QUERN_TASK_PROCESS=$1/" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true; }
for i in $(seq 1 "$kills"); do
  q fs -rm -r -f "/farm/kill/out$i" > /dev/null 2>&1 || true
  q streaming -D mapred.map.max.attempts=1 -input /farm/kill/one.txt -output "/farm/kill/out$i" -reducer NONE \
    -mapper "sh -c 'trap \"\" TERM; sleep 300 & wait'" >> "$log" 2>&1 &
  client=$!
  attempt=""
  for _ in $(seq 1 600); do
    attempt=$(grep -h -a -o 'QUERN_TASK_PROCESS=attempt_[0-9a-z_]*' /proc/[0-9]*/environ 2>/dev/null | head -1 | cut -d= -f2 || true)
    [ -n "$attempt" ] && [ "$(procs_of "$attempt" | wc -l)" -ge 3 ] && break
    sleep 0.1
  done
  [ -n "$attempt" ] || { echo "kill $i: the program never started; see $log" >&2; exit 1; }
  t0=$(now)
  q job -kill-task "$attempt" >> "$log" 2>&1
  for _ in $(seq 1 3000); do
    [ -z "$(procs_of "$attempt")" ] && break
    sleep 0.01
  done
  [ -z "$(procs_of "$attempt")" ] || { echo "kill $i: processes of $attempt outlived 30 s" >&2; exit 1; }
  add kill "$(secs "$t0" "$(now)")"
  # The job's one task, killed (not failed), runs again: end the job.
  id=$(echo "$attempt" | sed 's/^attempt_/job_/; s/_m_.*//')
  q job -kill "$id" >> "$log" 2>&1 || true
  wait "$client" || true
done
echo "kill: ${r[kill]}"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

sl=$(med sleep); xs=$(med xsleep); tr_=$(med true); xt=$(med xtrue); kl=$(med kill)
over=$(awk -v a="$sl" -v b="$ideal" 'BEGIN { printf "%.1f", 100 * (a - b) / b }')
xover=$(awk -v a="$xs" -v b="$ideal" 'BEGIN { printf "%.1f", 100 * (a - b) / b }')
rate=$(awk -v n="$tasks" -v a="$tr_" 'BEGIN { printf "%.0f", n / a }')
xrate=$(awk -v n="$tasks" -v a="$xt" 'BEGIN { printf "%.0f", n / a }')
ok() { awk -v v="$1" -v t="$2" 'BEGIN { if (v <= t) print "met"; else print "**missed**" }'; }
table=$(cat <<TABLE
| measure | median | runs | reference | target |
|---|---|---|---|---|
| (a) $tasks × \`sleep 1\` on $slots slots, job submit to end | $sl s, $over % over the ideal $ideal s | ${r[sleep]# } | xargs -P $slots: $xs s ($xover %) | overhead ≤ 5 %: $(ok "$over" 5) |
| (a) the same, \`bin/quern streaming\` command end to end | $(med sleepcli) s | ${r[sleepcli]# } | | |
| (b) $tasks × \`true\`, job submit to end | $tr_ s, $rate tasks/s | ${r[true]# } | xargs -P $slots: $xt s, $xrate tasks/s | |
| (b) the same, command end to end | $(med truecli) s | ${r[truecli]# } | | |
| (c) \`job -kill-task\` to the attempt's process tree gone (a child ignoring SIGTERM) | $kl s | ${r[kill]# } | | ≤ 1 s: $(ok "$kl" 1) |
TABLE
)
section=$(cat <<SECTION

## Task farm, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))

Machine: $(machine); load average before $load0, after $load1.
Command: \`bin/quern bench farm $tasks $runs $kills\` (pseudo-distributed cluster, $slots map slots; each
cluster run follows its xargs reference on the same machine).

$table
SECTION
)
echo "$section"
echo "$section" >> "$QUERN_HOME/BENCHMARKS.md"
