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
