#!/usr/bin/env bash
# How MapReduce's cost grows with data and with reduces, on the pseudo-distributed cluster (an
# isolated one under bench/target, started and stopped here):
#   for each SIZE: teragen (replication 1), then terasort (as many reduces as maps, output at
#   replication 1) next to LC_ALL=C sort --parallel=2 of as many 100-byte lines, alternating,
#   RUNS pairs; seconds per GB of each, and the ratio to sort;
#   at REDSIZE: terasort with each count of REDUCES.
# Prints every run, then a table; appends a dated section to BENCHMARKS.md.
# Usage: bin/quern bench scale [SIZES=100m,1g,4g] [REDUCES=1,2,4,8] [REDSIZE=1g] [RUNS=2]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sizes="${1:-100m,1g,4g}"
reduces="${2:-1,2,4,8}"
redsize="${3:-1g}"
runs="${4:-2}"
bench_cluster 10s
jar=examples/target/quern-examples.jar
log="$BENCH_TMP/jobs.log"
: > "$log"
# Seconds a command takes, its output appended to the log; fails the bench when it fails.
timed() {
  local t0
  t0=$(now)
  "$@" >> "$log" 2>&1 || { echo "failed: $*; see $log" >&2; return 1; }
  secs "$t0" "$(now)"
}
gib() { awk -v b="$1" 'BEGIN { printf "%.3f", b / 1073741824 }'; }

# Generated once per size at replication 1, so that 4 GB of input, its sorted output and the map
# outputs between them fit on one disk.
generate() {
  local size=$1 bytes rows maps
  bytes=$(numfmt --from=iec "${size^^}")
  rows=$((bytes / 100))
  maps=$(( (bytes + (64 << 20) - 1) / (64 << 20) ))
  q fs -rm -r -f /tera >/dev/null 2>&1 || true
  timed q jar "$jar" teragen -D dfs.replication=1 -D mapred.map.tasks="$maps" "$rows" /tera/in > /dev/null
}

for size in ${sizes//,/ }; do
  bytes=$(numfmt --from=iec "${size^^}")
  lines="$BENCH_TMP/lines.txt"
  (base64 -w 99 /dev/urandom || true) | head -n $((bytes / 100)) > "$lines"
  generate "$size"
  for i in $(seq 1 "$runs"); do
    t=$(timed env LC_ALL=C sort --parallel=2 -S 4G -o "$BENCH_TMP/sorted.txt" "$lines")
    rm -f "$BENCH_TMP/sorted.txt"
    add "sort$size" "$t"
    q fs -rm -r -f /tera/out > /dev/null 2>&1 || true
    add "ts$size" "$(timed q jar "$jar" terasort /tera/in /tera/out)"
    echo "size $size run $i: sort $t s, terasort $(echo ${r[ts$size]} | awk '{print $NF}') s"
  done
  rm -f "$lines"
done

generate "$redsize"
for n in ${reduces//,/ }; do
  for i in $(seq 1 "$runs"); do
    q fs -rm -r -f /tera/out > /dev/null 2>&1 || true
    add "red$n" "$(timed q jar "$jar" terasort -D mapred.reduce.tasks="$n" /tera/in /tera/out)"
    echo "reduces $n run $i: terasort $(echo ${r[red$n]} | awk '{print $NF}') s"
  done
done
q fs -rm -r -f /tera > /dev/null 2>&1 || true
load1=$(cut -d' ' -f1-3 /proc/loadavg)

per() { awk -v s="$1" -v g="$2" 'BEGIN { printf "%.1f", s / g }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
table=$(
  echo "| terasort of | median s | runs | s per GiB | sort --parallel=2, median s | sort s per GiB | terasort / sort |"
  echo "|---|---|---|---|---|---|---|"
  for size in ${sizes//,/ }; do
    g=$(gib "$(numfmt --from=iec "${size^^}")"); ts=$(med "ts$size"); so=$(med "sort$size")
    echo "| $size | $ts | ${r[ts$size]# } | $(per "$ts" "$g") | $so | $(per "$so" "$g") | $(ratio "$ts" "$so") |"
  done
  echo
  echo "| terasort of $redsize with | median s | runs |"
  echo "|---|---|---|"
  for n in ${reduces//,/ }; do
    echo "| $n reduces | $(med "red$n") | ${r[red$n]# } |"
  done
)
echo "$table"
{
  echo
  echo "## Scale of cost, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "Machine: $(machine). Command: \`bin/quern bench scale $sizes $reduces $redsize $runs\` (pseudo-distributed:"
  echo "master + 3 workers + NameNode + 3 DataNodes on one host; input from teragen at replication 1, terasort's output at"
  echo "replication 1, as many reduces as maps unless given; times are wall clock of \`bin/quern jar\`, JVM start included)."
  echo "Load average before: $load0; after: $load1."
  echo
  echo "$table"
} >> "$QUERN_HOME/BENCHMARKS.md"
