#!/usr/bin/env bash
# Runs one Quern daemon in the background on a host, Hadoop style.
# Usage: quern-daemon.sh start|stop|status namenode|datanode|master|worker [HOST]
# A HOST in 127.0.0.0/8 (default 127.0.0.1) runs here, bound to that address; any other host
# is reached over ssh and runs this same script there. QUERN_REMOTE_SHELL replaces ssh: a
# command given the host and a shell command line (bench/nshosts.sh sh enters a namespace host).
set -e
. "$(dirname "${BASH_SOURCE[0]}")/quern-config.sh"
. "$QUERN_HOME/bin/quern-pid.sh"

usage() { echo "Usage: quern-daemon.sh start|stop|status namenode|datanode|master|worker [HOST]" >&2; exit 1; }
[ $# -ge 2 ] || usage
action="$1"; daemon="$2"; host="${3:-127.0.0.1}"
class="$(quern_daemon_class "$daemon")" || usage

if ! quern_is_local "$host"; then
  exec ${QUERN_REMOTE_SHELL:-ssh -o BatchMode=yes -o ConnectTimeout=10} "$host" \
    "QUERN_CONF_DIR='$QUERN_CONF_DIR' '$QUERN_HOME/bin/quern-daemon.sh' $action $daemon $host"
fi

quern_export_dirs
log_dir="$QUERN_LOG_DIR"
pid_dir="$QUERN_PID_DIR"
mkdir -p "$log_dir" "$pid_dir"
pid_file="$pid_dir/$daemon-$host.pid"
log_file="$log_dir/$daemon-$host.log"
out_file="$log_dir/$daemon-$host.out"

quern_daemon_marks "$daemon" "$host"
marks=("${quern_marks[@]}")
running_pid() { quern_live_pid "$pid_file" "${marks[@]}"; }

case "$action" in
  start)
    if pid="$(running_pid)"; then
      echo "$daemon on $host is already running as process $pid"
      exit 0
    fi
    echo "starting $daemon on $host, logging to $log_file"
    nohup "$JAVA" $QUERN_JVM_OPTS $QUERN_OPTS \
      -Dquern.log.file="$log_file" -Dquern.log.appender=file -Dquern.daemon.name="$daemon" \
      -cp "$QUERN_CLASSPATH" "$class" -D quern.daemon.host="$host" < /dev/null >> "$out_file" 2>&1 &
    echo $! > "$pid_file"
    ;;
  stop)
    if pid="$(running_pid)"; then
      echo "stopping $daemon on $host (process $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 150); do
        quern_pid_is "$pid" "${marks[@]}" || break
        sleep 0.2
      done
      if quern_pid_is "$pid" "${marks[@]}"; then
        echo "$daemon on $host did not stop within 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    else
      echo "no $daemon to stop on $host"
    fi
    rm -f "$pid_file"
    ;;
  status)
    if pid="$(running_pid)"; then echo "$daemon on $host is running as process $pid"; else echo "$daemon on $host is not running"; exit 1; fi
    ;;
  *) usage ;;
esac
