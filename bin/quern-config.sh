# Sourced by the other scripts: locates the installation, configuration, Java and class path.
# Environment a user may set: QUERN_CONF_DIR, QUERN_LOG_DIR, QUERN_PID_DIR, JAVA_HOME,
# QUERN_OPTS (JVM options of every process), QUERN_HEAPSIZE (e.g. 1g).

this="${BASH_SOURCE[0]}"
while [ -h "$this" ]; do this="$(readlink "$this")"; done
QUERN_HOME="$(cd "$(dirname "$this")/.." && pwd)"
export QUERN_HOME
export QUERN_CONF_DIR="${QUERN_CONF_DIR:-$QUERN_HOME/conf}"

if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
  echo "quern: no java found; install Java 17 or set JAVA_HOME" >&2
  exit 1
fi

if [ ! -d "$QUERN_HOME/lib" ] || [ -z "$(ls "$QUERN_HOME"/lib/*.jar 2>/dev/null)" ]; then
  echo "quern: $QUERN_HOME/lib has no jars; build first with: mvn -q -DskipTests package" >&2
  exit 1
fi
QUERN_CLASSPATH="$QUERN_CONF_DIR:$QUERN_HOME/lib/*"

QUERN_JVM_OPTS="-Dquern.conf.dir=$QUERN_CONF_DIR -Dlog4j2.configurationFile=$QUERN_CONF_DIR/log4j2.xml"
QUERN_JVM_OPTS="$QUERN_JVM_OPTS -Djava.net.preferIPv4Stack=true"
if [ -n "$QUERN_HEAPSIZE" ]; then QUERN_JVM_OPTS="$QUERN_JVM_OPTS -Xmx$QUERN_HEAPSIZE"; fi

# Reads configuration values (after site files and defaults) into shell variables, one JVM for all.
# Usage: quern_getconf VAR=key [VAR=key ...]
quern_getconf() {
  local out
  out="$("$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 $QUERN_JVM_OPTS -Dquern.log.level=WARN \
      -cp "$QUERN_CLASSPATH" io.quern.cli.GetConf --shell "$@")" || exit 1
  eval "$out"
}

# True for an address this machine answers on: all of 127.0.0.0/8, localhost, our names.
quern_is_local() {
  case "$1" in
    127.*|localhost|"$(hostname)"|"$(hostname -f 2>/dev/null)") return 0 ;;
    *) return 1 ;;
  esac
}

# Host names listed in a file, one per line, # comments allowed.
quern_hosts() {
  [ -f "$1" ] || return 0
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$1" | grep -v '^$'
}

# Resolves, in one JVM, the settings the scripts need and exports them, so that scripts
# starting many daemons (and the scripts they call) read the configuration once:
# QUERN_LOG_DIR, QUERN_PID_DIR, QUERN_TMP_DIR, QUERN_NAMENODE_HOST, QUERN_ZK_QUORUM.
quern_export_dirs() {
  [ -n "$QUERN_SETTINGS_RESOLVED" ] && return 0
  quern_getconf conf_log_dir=quern.log.dir conf_pid_dir=quern.pid.dir conf_tmp_dir=quern.tmp.dir \
    conf_nn_host=dfs.namenode.host conf_quorum=quern.zookeeper.quorum
  export QUERN_LOG_DIR="${QUERN_LOG_DIR:-$conf_log_dir}" QUERN_PID_DIR="${QUERN_PID_DIR:-$conf_pid_dir}"
  export QUERN_TMP_DIR="$conf_tmp_dir" QUERN_NAMENODE_HOST="${conf_nn_host:-127.0.0.1}" QUERN_ZK_QUORUM="$conf_quorum"
  export QUERN_SETTINGS_RESOLVED=1
}
