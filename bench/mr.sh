#!/usr/bin/env bash
# Measures MapReduce on the pseudo-distributed cluster (an isolated one under bench/target,
# started and stopped here) next to references measured in the same run on the same machine:
#   (a) a tiny job (1 map, 1 reduce, one line of input): submit() to success inside one client
#       JVM (median of TINY runs), and end to end through bin/quern jar;
#   (b) teragen + terasort (output at replication 1) + teravalidate of SIZE, next to
#       LC_ALL=C sort --parallel=2 -S 4G of a local file of as many 100-byte text lines;
#   (c) wordcount of WCSIZE of generated skewed text, next to a single-threaded Java HashMap
#       count of the same local file (io.quern.examples.HashMapWordCount);
#   (d) the share of data-local maps of terasort (job counters);
#   (e) CPU utilisation of the whole machine (/proc/stat) during terasort and wordcount.
# Cluster job and its reference run alternately, RUNS pairs each; medians and ratios are
# reported, with the load average, and a dated section is appended to BENCHMARKS.md.
# Usage: bin/quern bench mr [SIZE=1g] [WCSIZE=512m] [RUNS=1] [TINY=10]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
size="${1:-1g}"
wcsize="${2:-512m}"
runs="${3:-1}"
tiny="${4:-10}"
bench_cluster 10s
jar=examples/target/quern-examples.jar
# Busy share of all cores between two /proc/stat samples (idle and iowait count as idle).
cpu() { head -1 /proc/stat | awk '{t=0; for (i=2;i<=NF;i++) t+=$i; print t, $5+$6}'; }
busy() { awk -v a="$1" -v b="$2" 'BEGIN { split(a,x," "); split(b,y," "); t=y[1]-x[1]; printf "%.0f", 100*(1-(y[2]-x[2])/t) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
log="$BENCH_TMP/jobs.log"
: > "$log"
# Runs a job, timed; records its seconds under $1 and the machine's CPU use under $1cpu.
job() {
  local key=$1; shift
  local c0 c1 t0 t1
  c0=$(cpu); t0=$(now)
  "$@" > "$BENCH_TMP/$key.out" 2>&1 || { cat "$BENCH_TMP/$key.out" >> "$log"; echo "$key failed; see $log" >&2; return 1; }
  cat "$BENCH_TMP/$key.out" >> "$log"
  t1=$(now); c1=$(cpu)
  add "$key" "$(secs "$t0" "$t1")"
  add "${key}cpu" "$(busy "$c0" "$c1")"
}

# (a) tiny job
echo "hello quern hello" > "$BENCH_TMP/line.txt"
q fs -mkdir -p /tiny
q fs -put "$BENCH_TMP/line.txt" /tiny/in.txt
q jar "$jar" tinyjob /tiny/in.txt /tiny/warm 2 >> "$log" 2>&1   # first jobs warm the daemons' code paths
out=$(q jar "$jar" tinyjob /tiny/in.txt /tiny/api "$tiny")
echo "$out" >> "$log"
r[tinyapi]=$(echo "$out" | awk '/^run/ {printf " %s", $3}')
# One job at a time on an idle cluster: each worker has readied its spare task JVM (about a
# CPU-second each) before the next job comes; back to back, those warm-ups share the two cores.
out=$(q jar "$jar" tinyjob /tiny/in.txt /tiny/idle "$tiny" 4000)
echo "$out" >> "$log"
r[tinyidle]=$(echo "$out" | awk '/^run/ {printf " %s", $3}')
for i in $(seq 1 "$tiny"); do
  sleep 4   # as a user types one command after another: the workers' spare task JVMs are ready
  job tinycli q jar "$jar" wordcount /tiny/in.txt "/tiny/cli$i"
done
echo "tiny: api$(echo ${r[tinyapi]}) idle$(echo ${r[tinyidle]}) cli ${r[tinycli]}"

# (b) + (d): terasort next to GNU sort
bytes=$(numfmt --from=iec "${size^^}")
rows=$((bytes / 100))
lines="$BENCH_TMP/lines.txt"
(base64 -w 99 /dev/urandom || true) | head -n "$rows" > "$lines"
maps=$(( (bytes + (64 << 20) - 1) / (64 << 20) ))
job teragen q jar "$jar" teragen -D mapred.map.tasks="$maps" "$rows" /tera/in
for i in $(seq 1 "$runs"); do
  c0=$(cpu); t0=$(now)
  LC_ALL=C sort --parallel=2 -S 4G -o "$BENCH_TMP/sorted.txt" "$lines"
  add sort "$(secs "$t0" "$(now)")"; add sortcpu "$(busy "$c0" "$(cpu)")"
  rm -f "$BENCH_TMP/sorted.txt"
  q fs -rm -r /tera/out > /dev/null 2>&1 || true
  job terasort q jar "$jar" terasort -D dfs.replication=1 /tera/in /tera/out
  local_maps=$(awk -F= '/DATA_LOCAL_MAPS/ {d=$2} /TOTAL_LAUNCHED_MAPS/ {t=$2} END {if (t) printf "%.0f", 100*d/t}' "$BENCH_TMP/terasort.out")
  add local "${local_maps:-0}"
  sc=$(awk -F= '/BYTES_READ_SHORT_CIRCUIT/ {s=$2} /BYTES_READ=/ {b=$2} END {if (b) printf "%.0f", 100*s/b}' "$BENCH_TMP/terasort.out")
  add shortcircuit "${sc:-0}"
done
rm -f "$lines"
q fs -rm -r /tera/val > /dev/null 2>&1 || true
job teravalidate q jar "$jar" teravalidate /tera/out /tera/val
q fs -rm -r /tera > /dev/null 2>&1 || true
echo "tera: gen ${r[teragen]} sort ${r[sort]} terasort ${r[terasort]} validate ${r[teravalidate]} local% ${r[local]}"

# (c) wordcount next to a HashMap count
wcbytes=$(numfmt --from=iec "${wcsize^^}")
text="$BENCH_TMP/text.txt"
java -cp "$jar" io.quern.examples.SkewedText "$wcbytes" "$text"
q fs -mkdir -p /wc
q fs -put "$text" /wc/in.txt
for i in $(seq 1 "$runs"); do
  c0=$(cpu); t0=$(now)
  java -cp "$jar" io.quern.examples.HashMapWordCount "$text" >> "$log"
  add hashmap "$(secs "$t0" "$(now)")"; add hashmapcpu "$(busy "$c0" "$(cpu)")"
  q fs -rm -r /wc/out > /dev/null 2>&1 || true
  job wordcount q jar "$jar" wordcount /wc/in.txt /wc/out
done
rm -f "$text"
echo "wc: hashmap ${r[hashmap]} wordcount ${r[wordcount]}"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

ok() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { if ((dir == "le" && v <= t) || (dir == "ge" && v >= t)) print "met"; else print "**missed**" }'; }
api=$(med tinyapi); idle=$(med tinyidle); cli=$(med tinycli); srt=$(med sort); ts=$(med terasort); hm=$(med hashmap); wc=$(med wordcount)
loc=$(med local); tcpu=$(med terasortcpu); wcpu=$(med wordcountcpu)
tsr=$(awk -v a="$ts" -v b="$srt" 'BEGIN { print a / b }'); wcr=$(awk -v a="$wc" -v b="$hm" 'BEGIN { print a / b }')
table=$(cat <<TABLE
| measure | median | runs | reference / ratio | target |
|---|---|---|---|---|
| (a) tiny job, submit() to success in one client JVM, jobs back to back | $api s | $(echo ${r[tinyapi]}) | | ≤ 0.5 s: $(ok "$api" 0.5 le) |
| (a) tiny job, submit() to success in one client JVM, one at a time (4 s apart) | $idle s | $(echo ${r[tinyidle]}) | | ≤ 0.5 s: $(ok "$idle" 0.5 le) |
| (a) tiny job, \`bin/quern jar … wordcount\` end to end, one at a time (4 s apart) | $cli s | $(echo ${r[tinycli]}) | | ≤ 1.5 s: $(ok "$cli" 1.5 le) |
| (b) teragen $size ($rows rows, $maps maps, replication 3) | $(med teragen) s | ${r[teragen]# } | | |
| (b) terasort $size, output replication 1 | $ts s | ${r[terasort]# } | sort --parallel=2 $srt s (${r[sort]# }); $(ratio "$ts" "$srt") | ≤ 2×: $(ok "$tsr" 2 le) |
| (b) teravalidate | $(med teravalidate) s | ${r[teravalidate]# } | | |
| (c) wordcount $wcsize skewed text | $wc s | ${r[wordcount]# } | HashMap count $hm s (${r[hashmap]# }); $(ratio "$wc" "$hm") | ≤ 2×: $(ok "$wcr" 2 le) |
| (d) data-local maps of terasort | $loc % | ${r[local]# } | | ≥ 95%: $(ok "$loc" 95 ge) |
| (d) terasort's map input read short-circuit | $(med shortcircuit) % | ${r[shortcircuit]# } | | |
| (e) machine CPU busy during terasort | $tcpu % | ${r[terasortcpu]# } | during sort: $(med sortcpu) % | ≥ 70%: $(ok "$tcpu" 70 ge) |
| (e) machine CPU busy during wordcount | $wcpu % | ${r[wordcountcpu]# } | during HashMap count: $(med hashmapcpu) % | ≥ 70%: $(ok "$wcpu" 70 ge) |
TABLE
)
echo "$table"
{
  echo
  echo "## MapReduce, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "Machine: $(machine). Command: \`bin/quern bench mr $size $wcsize $runs $tiny\` (pseudo-distributed: master +"
  echo "3 workers + NameNode + 3 DataNodes on one host; job times are wall clock of \`bin/quern jar\`, JVM start included)."
  echo "Load average before: $load0; after: $load1 (the machine is shared: CPU busy counts every process on it)."
  echo
  echo "$table"
} >> "$QUERN_HOME/BENCHMARKS.md"
