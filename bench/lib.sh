# Shared by the benchmark scripts: an isolated pseudo-distributed cluster under
# bench/target, with its own conf, ZooKeeper port and daemon ports, so benchmarks never touch
# a cluster of yours.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUERN_HOME="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_TMP="${BENCH_TMP:-$BENCH_DIR/target}"
BENCH_TMP="$(mkdir -p "$BENCH_TMP" && cd "$BENCH_TMP" && pwd)"
export QUERN_CONF_DIR="$BENCH_TMP/conf"
BASE_PORT="${BENCH_BASE_PORT:-24810}"

bench_conf() {
  local session="${1:-10s}"
  rm -rf "$BENCH_TMP"
  mkdir -p "$QUERN_CONF_DIR"
  cp -p "$QUERN_HOME"/conf/* "$QUERN_CONF_DIR"/
  sed -i "s/^clientPort=.*/clientPort=$BASE_PORT/" "$QUERN_CONF_DIR/zoo.cfg"
  cat > "$QUERN_CONF_DIR/core-site.xml" <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>quern.tmp.dir</name><value>$BENCH_TMP/data</value></property>
  <property><name>quern.zookeeper.quorum</name><value>127.0.0.1:$BASE_PORT</value></property>
  <property><name>quern.zookeeper.session.timeout</name><value>$session</value></property>
  <property><name>net.topology.script.file.name</name><value>$QUERN_CONF_DIR/topology.sh</value></property>
  <property><name>dfs.namenode.port</name><value>$((BASE_PORT + 1))</value></property>
  <property><name>dfs.datanode.port</name><value>$((BASE_PORT + 2))</value></property>
  <property><name>mapred.master.port</name><value>$((BASE_PORT + 3))</value></property>
  <property><name>mapred.worker.port</name><value>$((BASE_PORT + 4))</value></property>
  <property><name>mapred.job.tracker.http.address</name><value>\${quern.daemon.host}:0</value></property>
  <property><name>mapred.task.tracker.http.address</name><value>\${quern.daemon.host}:0</value></property>
  <property><name>dfs.namenode.http-address</name><value>\${quern.daemon.host}:0</value></property>
  <property><name>dfs.datanode.http.address</name><value>\${quern.daemon.host}:0</value></property>
</configuration>
XML
}

# Sets one more property in the benchmark cluster's core-site.xml (after bench_conf).
bench_prop() {
  sed -i "s|</configuration>|  <property><name>$1</name><value>$2</value></property>\n</configuration>|" \
    "$QUERN_CONF_DIR/core-site.xml"
}

. "$QUERN_HOME/bin/quern-pid.sh"
# The pid of daemon $1 on host $2 of the benchmark cluster while it runs (not a zombie, not a
# reused pid); fails otherwise.
pid_of() { quern_daemon_pid "$BENCH_TMP/data/pids" "$1" "$2"; }

now() { date +%s.%N; }

# Seconds from an epoch-seconds start to an ISO-8601 instant printed by "quern admin -watch".
since() { awk -v a="$(date -d "$2" +%s.%N)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }

# Results by key, one per run: add KEY VALUE records one, med KEY is their median.
declare -A r
add() { r[$1]="${r[$1]:-} $2"; }
med() { echo "${r[$1]:-}" | tr ' ' '\n' | grep -v '^$' | median; }

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
}

# Starts the isolated cluster of bench_conf (ZooKeeper, DFS and MapReduce), stopped when the
# script exits, from $QUERN_HOME; the load average before it is in load0.
bench_cluster() {
  bench_conf "${1:-10s}"
  cd "$QUERN_HOME"
  trap 'bin/stop-all.sh >/dev/null 2>&1 || true' EXIT
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  bin/start-all.sh > "$BENCH_TMP/start.out" 2>&1
}

q() { bin/quern "$@"; }

# Seconds between two epoch-seconds instants, to the millisecond.
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
