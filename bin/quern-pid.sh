# Sourced by the scripts that decide from a pid file whether a daemon runs. Needs no JVM.
#
# A pid counts only while its process is alive and is the daemon the file is for: a killed
# daemon stays a zombie until PID 1 reaps it (late or never in some containers), and after a
# reboot the pid may belong to an unrelated process. `kill -0` says yes to both.

# True when process $1 is running (not a zombie or dead) and its command line contains every
# further argument (e.g. the daemon's main class and "quern.daemon.host=HOST").
quern_pid_is() {
  local pid="$1"; shift
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  local stat state
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  # The state is the first field after the command name, which is in parentheses and may hold spaces.
  state="${stat##*) }"; state="${state%% *}"
  case "$state" in Z|X|x|'') return 1 ;; esac
  local cmdline
  cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" || return 1
  local want
  for want in "$@"; do
    case "$cmdline" in *"$want"*) ;; *) return 1 ;; esac
  done
  return 0
}

# Prints the pid in pid file $1 when that process is the daemon (see quern_pid_is, with the
# further arguments); otherwise removes the file, saying why on stderr, and fails.
quern_live_pid() {
  local file="$1"; shift
  [ -f "$file" ] || return 1
  local pid; pid="$(cat "$file" 2>/dev/null)"
  if quern_pid_is "$pid" "$@"; then echo "$pid"; return 0; fi
  local why="no such process"
  if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then
    local stat="$(cat "/proc/$pid/stat" 2>/dev/null)"; stat="${stat##*) }"
    case "${stat%% *}" in Z|X|x) why="a zombie not yet reaped" ;; *) why="another program" ;; esac
  fi
  echo "removing stale pid file $file (process ${pid:-?} is $why)" >&2
  rm -f "$file"
  return 1
}

# The main class of a daemon by its name in the scripts; fails for an unknown name.
quern_daemon_class() {
  case "$1" in
    namenode) echo io.quern.namenode.NameNodeMain ;;
    datanode) echo io.quern.datanode.DataNodeMain ;;
    master)   echo io.quern.master.MasterMain ;;
    worker)   echo io.quern.worker.WorkerMain ;;
    *) return 1 ;;
  esac
}

# What makes a process the daemon $1 on host $2 of the configuration in $QUERN_CONF_DIR: its
# main class, its host and its configuration directory, as quern-daemon.sh starts it. Sets
# the array quern_marks.
quern_daemon_marks() {
  quern_marks=("$(quern_daemon_class "$1")" "quern.daemon.host=$2 " "-Dquern.conf.dir=$QUERN_CONF_DIR ")
}

# Prints the pid of daemon $2 on host $3 from its pid file in directory $1 when that daemon is
# running; fails quietly otherwise (the pid file is left for quern-daemon.sh to judge).
quern_daemon_pid() {
  local pid; pid="$(cat "$1/$2-$3.pid" 2>/dev/null)" || return 1
  quern_daemon_marks "$2" "$3"
  quern_pid_is "$pid" "${quern_marks[@]}" && echo "$pid"
}
