#!/usr/bin/env bash
# Measures the DFS on the pseudo-distributed cluster (an isolated one under bench/target,
# started and stopped here) next to the local disk, in the same run:
#   write MiB/s of a SIZE file at replication 1 and 3, read MiB/s, 1 KB-file creates/s
#   (1,000 files from one client, sequential and 32 at a time), and cp, cp+fsync, cat and
#   dd iflag=direct of the same local file on the same disk. Reads are timed from a client on no
#   DataNode's host, and from one on a DataNode's host both short-circuit and over RPC
#   (dfs.client.read.shortcircuit=false), alternating which goes first.
# DFS_BENCH_FILES=N creates N files instead of 1,000 (0 skips the creates).
# Prints every run, then medians and ratios, and appends a dated section to BENCHMARKS.md.
# Usage: bin/quern bench dfs [SIZE=1g] [RUNS=3]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
size="${1:-1g}"
runs="${2:-3}"
files="${DFS_BENCH_FILES:-1000}"
bench_conf 10s
cd "$QUERN_HOME"
stop() { bin/stop-dfs.sh >/dev/null 2>&1 || true; bin/zookeeper.sh stop >/dev/null 2>&1 || true; }
trap stop EXIT
bin/zookeeper.sh start > "$BENCH_TMP/zk.out"
bin/start-dfs.sh > "$BENCH_TMP/start.out"

bytes=$(numfmt --from=iec "${size^^}")
# A DataNode's host: a client there reads that DataNode's replicas short-circuit.
dn_host=$(grep -v '^#' "$QUERN_CONF_DIR/workers" | sed 's/[[:space:]]//g' | grep -v '^$' | head -1)
src="$BENCH_TMP/src.bin"
head -c "$bytes" /dev/urandom > "$src"
dfsbench() { bin/quern dfsbench "$@"; }
mib_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
# Seconds a command takes, wall clock.
timed() { local t0; t0=$(now); "$@" > /dev/null; awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }

for i in $(seq 1 "$runs"); do
  rm -f "$BENCH_TMP/copy.bin"
  add cp "$(mib_s "$bytes" "$(timed cp "$src" "$BENCH_TMP/copy.bin")")"
  rm -f "$BENCH_TMP/copy.bin"
  add cpsync "$(mib_s "$bytes" "$(timed sh -c "cp '$src' '$BENCH_TMP/copy.bin' && sync '$BENCH_TMP/copy.bin'")")"
  # cp right after an rm lands on the pages the rm just freed. Pages not touched for a while cost
  # this kind of VM ~8x more to fill (the host backs them again), and that is where the DFS's
  # replicas land: so also cp onto such pages, copy.bin still held.
  add cpnew "$(mib_s "$bytes" "$(timed cp "$src" "$BENCH_TMP/copy2.bin")")"
  rm -f "$BENCH_TMP/copy.bin" "$BENCH_TMP/copy2.bin"
  add cat "$(mib_s "$bytes" "$(timed cat "$src")")"
  add dd "$(mib_s "$bytes" "$(timed dd if="$src" of=/dev/null bs=1M iflag=direct status=none)")"
  for rep in 1 3; do
    out=$(dfsbench -D dfs.replication=$rep write "$src" "/bench/r$rep")
    add "w$rep" "$(mib_s "$bytes" "$(echo "$out" | awk '{print $3}')")"
  done
  out=$(dfsbench read /bench/r3)
  add read "$(mib_s "$bytes" "$(echo "$out" | awk '{print $3}')")"
  order="sc rpc"; [ $((i % 2)) -eq 0 ] && order="rpc sc"
  for how in $order; do
    out=$(dfsbench -D quern.daemon.host="$dn_host" -D dfs.client.read.shortcircuit=$([ $how = sc ] && echo true || echo false) \
      read /bench/r3)
    if [ $how = sc ] && [ "$(echo "$out" | awk '{print $4}')" != "$bytes" ]; then
      echo "warning: only $(echo "$out" | awk '{print $4}') of $bytes bytes came short-circuit" >&2
    fi
    add "l$how" "$(mib_s "$bytes" "$(echo "$out" | awk '{print $3}')")"
  done
  bin/quern fs -rm -r /bench > /dev/null
  for t in 1 32; do
    [ "$files" -gt 0 ] || { add "c$t" 0; continue; }
    out=$(dfsbench creates "/small$t" "$files" 1024 "$t")
    add "c$t" "$(echo "$out" | awk '{printf "%.0f", $2 / $3}')"
    bin/quern fs -rm -r "/small$t" > /dev/null
  done
  echo "run $i:$(for k in cp cpsync cpnew cat dd w1 w3 read lsc lrpc c1 c32; do printf ' %s=%s' "$k" "$(echo ${r[$k]} | awk '{print $NF}')"; done)"
done
rm -f "$src"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
cp_m=$(med cp); cps_m=$(med cpsync); cpn_m=$(med cpnew); cat_m=$(med cat); dd_m=$(med dd)
w1=$(med w1); w3=$(med w3); rd=$(med read); c1=$(med c1); c32=$(med c32); lsc=$(med lsc); lrpc=$(med lrpc)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
table=$(cat <<TABLE
| measure | median of $runs | runs | vs | target |
|---|---|---|---|---|
| local cp | $cp_m MiB/s | ${r[cp]# } | | |
| local cp + fsync | $cps_m MiB/s | ${r[cpsync]# } | | |
| local cp onto pages not just freed | $cpn_m MiB/s | ${r[cpnew]# } | | |
| local cat | $cat_m MiB/s | ${r[cat]# } | | |
| local dd iflag=direct bs=1M | $dd_m MiB/s | ${r[dd]# } | | |
| DFS write, replication 1 | $w1 MiB/s | ${r[w1]# } | $(pct "$w1" "$cp_m") of cp, $(pct "$w1" "$cpn_m") of cp onto pages not just freed, $(pct "$w1" "$cps_m") of cp+fsync | ≥ 50% of cp |
| DFS write, replication 3 | $w3 MiB/s | ${r[w3]# } | $(pct "$w3" "$cp_m") of cp, $(pct "$w3" "$cpn_m") of cp onto pages not just freed, $(pct "$w3" "$cps_m") of cp+fsync | ≥ 30% of cp |
| DFS read (replication-3 file), client on no DataNode's host | $rd MiB/s | ${r[read]# } | $(pct "$rd" "$dd_m") of dd direct, $(pct "$rd" "$cat_m") of cat | ≥ 60% of dd |
| DFS read on a DataNode's host, short-circuit | $lsc MiB/s | ${r[lsc]# } | $(pct "$lsc" "$dd_m") of dd direct, $(ratio "$lsc" "$lrpc") of RPC | ≥ 60% of dd |
| DFS read on a DataNode's host, over RPC | $lrpc MiB/s | ${r[lrpc]# } | $(pct "$lrpc" "$dd_m") of dd direct | |
$(if [ "$files" -gt 0 ]; then cat <<CREATES
| 1 KB creates/s, 1 at a time | $c1 | ${r[c1]# } | | |
| 1 KB creates/s, 32 at a time | $c32 | ${r[c32]# } | | ≥ 2,000 |
CREATES
else echo "| 1 KB creates/s | not measured (DFS_BENCH_FILES=0) | | | |"; fi)
TABLE
)
echo "$table"
{
  echo
  echo "## DFS, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "Machine: $(machine). Command: \`bin/quern bench dfs $size $runs\` (pseudo-distributed: NameNode + 3 DataNodes on one disk,"
  echo "$files files of 1 KB for creates at the default replication 3; MiB = 2^20 bytes; DFS times exclude JVM start-up)."
  echo
  echo "$table"
} >> "$QUERN_HOME/BENCHMARKS.md"
