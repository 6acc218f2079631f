#!/usr/bin/env bash
# A standalone ZooKeeper server for a single-machine cluster, from the zookeeper jar in lib/
# and conf/zoo.cfg. Usage: zookeeper.sh start|stop|status
set -e
. "$(dirname "${BASH_SOURCE[0]}")/quern-config.sh"
. "$QUERN_HOME/bin/quern-pid.sh"

quern_export_dirs
tmp_dir="$QUERN_TMP_DIR"
log_dir="$QUERN_LOG_DIR"
pid_dir="$QUERN_PID_DIR"
mkdir -p "$log_dir" "$pid_dir"
pid_file="$pid_dir/zookeeper.pid"
cfg="$pid_dir/zoo.cfg"
port="$(sed -n 's/^clientPort=//p' "$QUERN_CONF_DIR/zoo.cfg" | head -1)"
addr="$(sed -n 's/^clientPortAddress=//p' "$QUERN_CONF_DIR/zoo.cfg" | head -1)"
addr="${addr:-127.0.0.1}"

running_pid() { quern_live_pid "$pid_file" org.apache.zookeeper.server.quorum.QuorumPeerMain "$cfg"; }

# "imok" from the server's ruok command. A subshell, so that its descriptor and the silenced
# stderr of a refused connection stay out of this script (the errors below must be seen).
serving() {
  (
    exec 3<>"/dev/tcp/$addr/$port" || exit 1
    printf 'ruok' >&3
    [ "$(timeout 2 cat <&3)" = "imok" ]
  ) 2>/dev/null
}

# The last lines of the server's output and log, after a failed start.
tail_logs() {
  local f
  for f in "$log_dir/zookeeper.out" "$log_dir/zookeeper.log"; do
    [ -s "$f" ] && { echo "--- last lines of $f:"; tail -n 20 "$f"; }
  done
  return 0
}

case "${1:-}" in
  start)
    if pid="$(running_pid)"; then echo "zookeeper is already running as process $pid"; exit 0; fi
    if serving; then echo "a ZooKeeper server already answers on $addr:$port; using it"; exit 0; fi
    sed "s|\${quern.tmp.dir}|$tmp_dir|g" "$QUERN_CONF_DIR/zoo.cfg" > "$cfg"
    mkdir -p "$(sed -n 's/^dataDir=//p' "$cfg")"
    echo "starting zookeeper on $addr:$port, logging to $log_dir/zookeeper.log"
    nohup "$JAVA" -Xmx256m $QUERN_JVM_OPTS -Dquern.log.file="$log_dir/zookeeper.log" -Dquern.log.appender=file \
      -Dzookeeper.admin.enableServer=false \
      -cp "$QUERN_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$cfg" \
      < /dev/null >> "$log_dir/zookeeper.out" 2>&1 &
    echo $! > "$pid_file"
    for _ in $(seq 1 100); do
      if serving; then echo "zookeeper is serving on $addr:$port"; exit 0; fi
      if ! running_pid > /dev/null 2>&1; then
        { echo "zookeeper failed to start; see $log_dir/zookeeper.out"; tail_logs; } >&2; exit 1
      fi
      sleep 0.2
    done
    { echo "zookeeper did not answer on $addr:$port within 20 s; stopping it"; tail_logs; } >&2
    kill -KILL "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
    exit 1
    ;;
  stop)
    if pid="$(running_pid)"; then
      echo "stopping zookeeper (process $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do running_pid > /dev/null 2>&1 || break; sleep 0.2; done
      if running_pid > /dev/null 2>&1; then kill -KILL "$pid" 2>/dev/null || true; fi
    else
      echo "no zookeeper to stop"
    fi
    rm -f "$pid_file"
    ;;
  status)
    if serving; then echo "zookeeper is serving on $addr:$port"; else echo "zookeeper is not serving on $addr:$port"; exit 1; fi
    ;;
  *) echo "Usage: zookeeper.sh start|stop|status" >&2; exit 1 ;;
esac
