# Sourced by the other scripts: locates the installation, configuration, Java and class path.
# Environment a user may set: QUERN_CONF_DIR, QUERN_LOG_DIR, QUERN_PID_DIR, JAVA_HOME,
# QUERN_OPTS (JVM options of every process), QUERN_HEAPSIZE (e.g. 1g).

this="${BASH_SOURCE[0]}"
while [ -h "$this" ]; do this="$(readlink "$this")"; done
QUERN_HOME="$(cd "$(dirname "$this")/.." && pwd)"
export QUERN_HOME
export QUERN_CONF_DIR="${QUERN_CONF_DIR:-$QUERN_HOME/conf}"
# Absolute, so that every script names it alike (pid checks look for it in a daemon's command line).
if [ -d "$QUERN_CONF_DIR" ]; then QUERN_CONF_DIR="$(cd "$QUERN_CONF_DIR" && pwd)"; fi

if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
  echo "quern: no java found; install Java 17 or set JAVA_HOME" >&2
  exit 1
fi

if [ ! -d "$QUERN_HOME/lib" ] || [ -z "$(ls "$QUERN_HOME"/lib/*.jar 2>/dev/null)" ]; then
  echo "quern: $QUERN_HOME/lib has no jars; build first with: mvn -q -DskipTests package" >&2
  exit 1
fi
# Jars only: the JVM's class data archive cannot cover a class path with a non-empty directory;
# the configuration is found through quern.conf.dir instead.
QUERN_CLASSPATH="$QUERN_HOME/lib/*"

QUERN_JVM_OPTS="-Dquern.conf.dir=$QUERN_CONF_DIR -Dlog4j2.configurationFile=$QUERN_CONF_DIR/log4j2.xml"
QUERN_JVM_OPTS="$QUERN_JVM_OPTS -Djava.net.preferIPv4Stack=true"
# Every RPC record carries an AES-GCM tag. The JDK's AES-GCM runs at ~100 MiB/s until C2 has
# compiled it (about a second and 100 MB in), then at ~5 GiB/s: compiling the JDK's crypto provider
# at 1% of the usual thresholds removes that slow start from short-lived commands and task JVMs.
QUERN_JVM_OPTS="$QUERN_JVM_OPTS -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.01"
if [ -n "$QUERN_HEAPSIZE" ]; then QUERN_JVM_OPTS="$QUERN_JVM_OPTS -Xmx$QUERN_HEAPSIZE"; fi

# Class data sharing: every JVM (commands, daemons, task children) maps the parsed classes of
# Quern and its libraries from one archive instead of reading and verifying them from the
# jars, which roughly halves the CPU a short command spends starting. The archive is written
# on first use after a build (a few seconds, once) and again whenever a jar in lib/ is newer.
# QUERN_CDS_ARCHIVE="" turns it off. JVM warnings go to stderr, never into a command's output.
QUERN_CDS_ARCHIVE="${QUERN_CDS_ARCHIVE-$QUERN_HOME/lib/quern.jsa}"
quern_class_data() {
  [ -n "$QUERN_CDS_ARCHIVE" ] || return 0
  if [ ! -s "$QUERN_CDS_ARCHIVE" ] \
      || [ -n "$(find "$QUERN_HOME/lib" -maxdepth 1 -name '*.jar' -newer "$QUERN_CDS_ARCHIVE" 2>/dev/null | head -1)" ]; then
    local tmp="$QUERN_CDS_ARCHIVE.$$.tmp"
    echo "quern: writing the class data archive $QUERN_CDS_ARCHIVE (once per build)" >&2
    if "$JAVA" -XX:ArchiveClassesAtExit="$tmp" -Xlog:disable -Xlog:all=error:stderr -cp "$QUERN_CLASSPATH" \
        io.quern.util.ClassDataTrainer quern- zookeeper curator log4j slf4j commons-io > /dev/null 2>&1 \
        && [ -s "$tmp" ] && mv -f "$tmp" "$QUERN_CDS_ARCHIVE" 2>/dev/null; then
      :
    else
      rm -f "$tmp"
      echo "quern: could not write $QUERN_CDS_ARCHIVE; starting JVMs without it" >&2
      return 0
    fi
  fi
  QUERN_JVM_OPTS="$QUERN_JVM_OPTS -XX:SharedArchiveFile=$QUERN_CDS_ARCHIVE -Xlog:disable -Xlog:all=warning:stderr"
}
quern_class_data

# Reads configuration values (after site files and defaults) into shell variables, one JVM for all.
# Usage: quern_getconf VAR=key [VAR=key ...]
quern_getconf() {
  local out
  out="$("$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 $QUERN_JVM_OPTS -Dquern.log.level=WARN \
      -cp "$QUERN_CLASSPATH" io.quern.cli.GetConf --shell "$@")" || exit 1
  eval "$out"
}

# True for an address this machine answers on: all of 127.0.0.0/8, localhost, our names, the
# addresses of our interfaces (a conf/workers that lists addresses names this host so too).
quern_is_local() {
  case "$1" in
    127.*|localhost|"$(hostname)"|"$(hostname -f 2>/dev/null)") return 0 ;;
  esac
  local a
  for a in $(hostname -I 2>/dev/null); do [ "$a" = "$1" ] && return 0; done
  return 1
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
