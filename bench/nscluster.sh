#!/usr/bin/env bash
# A Quern cluster on hosts that share no files (bench/nshosts.sh), operated as on real
# machines: one configuration for every host, the cluster secret copied to each, daemons
# started by bin/start-dfs.sh and bin/start-mapred.sh on the client host (the operator's
# machine) through QUERN_REMOTE_SHELL instead of ssh, jobs submitted from there too.
#
#   nscluster.sh up          hosts, configuration, ZooKeeper, DFS and MapReduce
#   nscluster.sh client CMD  runs CMD on the client host with the cluster's configuration
#                            (e.g. nscluster.sh client bin/quern fs -ls /)
#   nscluster.sh on HOST CMD runs CMD on HOST with the cluster's configuration
#   nscluster.sh down        stops every daemon and removes the hosts
#
# Hosts (name address role): zk 10.77.0.10 ZooKeeper; nn 10.77.0.11 NameNode; m1, m2
# 10.77.0.21-22 masters; w1, w2 (rack1) and w3 (rack2) 10.77.0.31-33 a DataNode and a worker
# each; client 10.77.0.50. QUERN_NS_SESSION sets the ZooKeeper session timeout (default 10s),
# QUERN_NS_ENDED_JOBS_CHECK how often workers ask which of their jobs ended (default 10s).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUERN_HOME="$(cd "$BENCH_DIR/.." && pwd)"
export QUERN_NS_STATE="${QUERN_NS_STATE:-/var/tmp/quern-ns}"
export QUERN_CONF_DIR="$QUERN_NS_STATE/conf"
export QUERN_REMOTE_SHELL="$BENCH_DIR/nshosts.sh sh"
NS="$BENCH_DIR/nshosts.sh"
SESSION="${QUERN_NS_SESSION:-10s}"

NWORKERS="${QUERN_NS_WORKERS:-3}"
[[ "$NWORKERS" =~ ^[1-9][0-9]?$ ]] && [ "$NWORKERS" -le 20 ] || { echo "nscluster: QUERN_NS_WORKERS is 1 to 20, got '$NWORKERS'" >&2; exit 2; }
WORKER_HOSTS=""
for i in $(seq 1 "$NWORKERS"); do WORKER_HOSTS="$WORKER_HOSTS w$i:10.77.0.$((30 + i))"; done
HOSTS="zk:10.77.0.10 nn:10.77.0.11 m1:10.77.0.21 m2:10.77.0.22$WORKER_HOSTS client:10.77.0.50"

write_conf() {
  mkdir -p "$QUERN_CONF_DIR"
  cp -p "$QUERN_HOME"/conf/log4j2.xml "$QUERN_HOME"/conf/topology.sh "$QUERN_CONF_DIR"/
  sed -e 's/^clientPortAddress=.*/clientPortAddress=10.77.0.10/' "$QUERN_HOME/conf/zoo.cfg" > "$QUERN_CONF_DIR/zoo.cfg"
  local i
  : > "$QUERN_CONF_DIR/topology.table"
  : > "$QUERN_CONF_DIR/workers"
  for i in $(seq 1 "$NWORKERS"); do
    echo "10.77.0.$((30 + i)) /rack$(( i <= (NWORKERS + 1) / 2 ? 1 : 2 ))" >> "$QUERN_CONF_DIR/topology.table"
    echo "10.77.0.$((30 + i))" >> "$QUERN_CONF_DIR/workers"
  done
  printf '10.77.0.21\n10.77.0.22\n' > "$QUERN_CONF_DIR/masters"
  cat > "$QUERN_CONF_DIR/core-site.xml" <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>quern.zookeeper.quorum</name><value>10.77.0.10:2181</value></property>
  <property><name>quern.zookeeper.session.timeout</name><value>$SESSION</value></property>
  <property><name>net.topology.script.file.name</name><value>$QUERN_CONF_DIR/topology.sh</value></property>
  <property><name>dfs.namenode.host</name><value>10.77.0.11</value></property>
</configuration>
XML
  printf '<?xml version="1.0"?>\n<configuration>\n  <property><name>dfs.replication</name><value>%s</value></property>\n</configuration>\n' \
    "$(( NWORKERS < 3 ? NWORKERS : 3 ))" > "$QUERN_CONF_DIR/dfs-site.xml"
  cat > "$QUERN_CONF_DIR/mapred-site.xml" <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>mapreduce.framework.name</name><value>cluster</value></property>
  <property><name>mapred.worker.ended.jobs.check.interval</name><value>${QUERN_NS_ENDED_JOBS_CHECK:-10s}</value></property>
$([ -n "${QUERN_NS_WORKER_SLOTS:-}" ] && echo "  <property><name>mapred.tasktracker.map.tasks.maximum</name><value>$QUERN_NS_WORKER_SLOTS</value></property>")
</configuration>
XML
}

# The same secret on every host, in each host's own /tmp, as an operator copies it: written on
# the client host, copied from there to the others.
spread_secret() {
  local user spec host secret
  user="$(id -un)"
  on client "$QUERN_HOME/bin/quern" admin -gen-secret >/dev/null
  secret="$("$NS" tmp client)/quern-$user/secret"
  for spec in $HOSTS; do
    host="${spec%%:*}"
    [ "$host" = client ] && continue
    install -D -m 0600 "$secret" "$("$NS" tmp "$host")/quern-$user/secret"
    chmod 0700 "$("$NS" tmp "$host")/quern-$user"
  done
}

up() {
  "$NS" down
  "$NS" up
  local spec
  for spec in $HOSTS; do "$NS" add "${spec%%:*}" "${spec#*:}"; done
  write_conf
  spread_secret
  on zk "$QUERN_HOME/bin/zookeeper.sh" start
  on client "$QUERN_HOME/bin/start-dfs.sh" || { show_logs; return 1; }
  on client "$QUERN_HOME/bin/start-mapred.sh" || { show_logs; return 1; }
  if [ -n "${QUERN_NS_WORKER_CPU:-}" ]; then
    # Worker, DataNode, spare child: what runs there now, and every task child and program after.
    for spec in $WORKER_HOSTS; do "$NS" cpu "${spec%%:*}" "$QUERN_NS_WORKER_CPU"; done
  fi
}

# The end of every daemon's log on every host: the logs live in the hosts' private /tmp, which
# goes with them, so a start that failed says here why.
show_logs() {
  local spec host log
  for spec in $HOSTS; do
    host="${spec%%:*}"
    for log in "$("$NS" tmp "$host")/quern-$(id -un)/logs/"*.log; do
      [ -f "$log" ] || continue
      echo "---- $host: $(basename "$log") (last 15 lines)"
      tail -n 15 "$log"
    done
  done
}

# CMD on HOST, with the cluster's configuration and ssh replaced by nshosts.sh.
on() {
  local host="$1"; shift
  "$NS" exec "$host" env QUERN_CONF_DIR="$QUERN_CONF_DIR" QUERN_REMOTE_SHELL="$QUERN_REMOTE_SHELL" "$@"
}

down() {
  if [ -d "$QUERN_NS_STATE/hosts" ]; then
    on client "$QUERN_HOME/bin/stop-mapred.sh" || true
    on client "$QUERN_HOME/bin/stop-dfs.sh" || true
  fi
  "$NS" down
  rm -rf "$QUERN_CONF_DIR"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up) up ;;
  down) down ;;
  client) on client "$@" ;;
  on) on "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
