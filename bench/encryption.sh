#!/usr/bin/env bash
# Measures what encrypting RPC traffic (quern.security.encryption=true: AES-GCM on every
# connection, keyed by the authenticated handshake) costs the DFS: write MiB/s at replication 1
# and 3 and read MiB/s of a SIZE file, on an isolated pseudo-distributed DFS started afresh for
# each measurement, alternating plain and encrypted runs so both see the same machine noise.
# Prints every run, then medians and the encrypted/plain ratio, and appends a dated section to
# BENCHMARKS.md.
# Usage: bin/quern bench encryption [SIZE=1g] [RUNS=3]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
size="${1:-1g}"
runs="${2:-3}"
cd "$QUERN_HOME"
stop() { bin/stop-dfs.sh >/dev/null 2>&1 || true; bin/zookeeper.sh stop >/dev/null 2>&1 || true; }
trap 'stop; rm -f "${src:-}"' EXIT

bytes=$(numfmt --from=iec "${size^^}")
src="$(mktemp "${TMPDIR:-/tmp}/quern-encbench.XXXXXX")"
head -c "$bytes" /dev/urandom > "$src"
mib_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }

for i in $(seq 1 "$runs"); do
  for mode in plain gcm; do
    bench_conf 10s
    [ "$mode" = gcm ] && bench_prop quern.security.encryption true
    bin/zookeeper.sh start > "$BENCH_TMP/zk.out"
    bin/start-dfs.sh > "$BENCH_TMP/start.out"
    for rep in 1 3; do
      out=$(bin/quern dfsbench -D dfs.replication=$rep write "$src" "/bench/r$rep")
      add "$mode-w$rep" "$(mib_s "$bytes" "$(echo "$out" | awk '{print $3}')")"
    done
    out=$(bin/quern dfsbench read /bench/r3)
    add "$mode-read" "$(mib_s "$bytes" "$(echo "$out" | awk '{print $3}')")"
    stop
  done
  echo "run $i:$(for k in plain-w1 gcm-w1 plain-w3 gcm-w3 plain-read gcm-read; do printf ' %s=%s' "$k" "$(echo ${r[$k]} | awk '{print $NF}')"; done)"
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
row() {
  local p g
  p=$(med "plain-$2"); g=$(med "gcm-$2")
  echo "| $1 | $p MiB/s | $g MiB/s | $(pct "$g" "$p") | ${r[plain-$2]# } | ${r[gcm-$2]# } |"
}
table=$(cat <<TABLE
| measure | plain, median of $runs | encrypted, median of $runs | encrypted / plain | plain runs | encrypted runs |
|---|---|---|---|---|---|
$(row "DFS write, replication 1" w1)
$(row "DFS write, replication 3" w3)
$(row "DFS read (replication-3 file)" read)
TABLE
)
echo "$table"
{
  echo
  echo "## DFS with encrypted RPC, $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "Machine: $(machine). Command: \`bin/quern bench encryption $size $runs\` (pseudo-distributed NameNode + 3 DataNodes,"
  echo "started afresh per measurement, plain and \`quern.security.encryption=true\` alternating; both authenticate every"
  echo "connection; MiB = 2^20 bytes; times exclude JVM start-up)."
  echo
  echo "$table"
} >> "$QUERN_HOME/BENCHMARKS.md"
