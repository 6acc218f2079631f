#!/usr/bin/env bash
# Hosts that share no files, on one Linux machine: each host is a network namespace on a
# bridge (its own address, its own link that a test can cut) and, for every process started
# in it, a mount namespace whose /tmp is that host's private directory. The hosts share the
# installation and the network, nothing else. Needs root, iproute2 and util-linux's unshare.
#
#   nshosts.sh up                     the bridge (10.77.0.254/24 on this machine: the operator)
#   nshosts.sh add HOST ADDR          a host with address ADDR (10.77.0.x) and a private /tmp
#   nshosts.sh exec HOST CMD [ARG...] runs CMD in HOST (its network, its /tmp); HOST may be
#                                     given by its address too
#   nshosts.sh sh HOST 'COMMAND'      COMMAND through bash -c in a fresh environment, as ssh
#                                     runs it (QUERN_REMOTE_SHELL for the bin/ scripts)
#   nshosts.sh cut HOST [PEER...]     cuts HOST off the network (its link down), or only from
#                                     the PEERs (packets between them dropped both ways)
#   nshosts.sh heal HOST [PEER...]    undoes cut
#   nshosts.sh tmp HOST               prints the directory that is HOST's /tmp
#   nshosts.sh cpu HOST CORES         holds HOST's processes, and all they start, to CORES of the
#                                     machine's cores (e.g. 0.25) by a CPU cgroup (run it once the
#                                     host's daemons run: a process entering later is not held)
#   nshosts.sh list                   the hosts and their addresses
#   nshosts.sh down                   kills every process of every host, removes them all
#
# State lives under $QUERN_NS_STATE (default /var/tmp/quern-ns: outside /tmp, so every host
# sees the configuration kept there). Names: namespace qn-HOST, links qv-HOST (this side).
set -euo pipefail

STATE="${QUERN_NS_STATE:-/var/tmp/quern-ns}"
BRIDGE="${QUERN_NS_BRIDGE:-qbr0}"
BRIDGE_ADDR="10.77.0.254/24"

die() { echo "nshosts: $*" >&2; exit 1; }
ns() { echo "qn-$1"; }
link() { echo "qv-$1"; }
known() { [ -f "$STATE/hosts/$1/addr" ] || die "no host named $1 (nshosts.sh list)"; }
# A host given by name or by address (the scripts know hosts by their addresses).
host_of() {
  local d
  [ -f "$STATE/hosts/$1/addr" ] && { echo "$1"; return; }
  for d in "$STATE"/hosts/*/; do
    [ "$(cat "$d/addr" 2>/dev/null)" = "$1" ] && { basename "$d"; return; }
  done
  die "no host named or addressed $1 (nshosts.sh list)"
}
addr_of() { cat "$STATE/hosts/$1/addr"; }

# The CPU cgroup of the hosts: cgroup v1's cpu controller, else the unified hierarchy.
CGROUP_ROOT="${QUERN_NS_CGROUP:-$([ -d /sys/fs/cgroup/cpu ] && echo /sys/fs/cgroup/cpu/quern-ns || echo /sys/fs/cgroup/quern-ns)}"

# Holds HOST's processes and their future children to CORES cores (a quota per 100 ms period).
# Done from outside: inside a host, ip netns exec has remounted /sys without the cgroups.
cpu() {
  local host="$1" cores="$2" cg quota
  known "$host"
  [[ "$cores" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "CORES is a number of cores such as 0.25, got '$cores'"
  quota=$(awk -v c="$cores" 'BEGIN { printf "%d", c * 100000 }')
  [ "$quota" -ge 1000 ] || die "at least 0.01 of a core, got $cores"
  cg="$CGROUP_ROOT/$host"
  mkdir -p "$cg"
  if [ -f "$cg/cpu.cfs_quota_us" ]; then
    echo 100000 > "$cg/cpu.cfs_period_us"
    echo "$quota" > "$cg/cpu.cfs_quota_us"
  else
    grep -qw cpu "$(dirname "$cg")/cgroup.subtree_control" 2>/dev/null || echo +cpu > "$(dirname "$cg")/cgroup.subtree_control"
    echo "$quota 100000" > "$cg/cpu.max"
  fi
  local p
  for p in $(ip netns pids "$(ns "$host")"); do
    echo "$p" > "$cg/cgroup.procs" 2>/dev/null || true # a process that exited meanwhile
  done
}

up() {
  mkdir -p "$STATE/hosts"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

add() {
  local host="$1" addr="$2"
  [[ "$host" =~ ^[a-z0-9]{1,10}$ ]] || die "host names are 1 to 10 lower-case letters or digits, got '$host'"
  [[ "$addr" =~ ^10\.77\.0\.([0-9]+)$ ]] || die "addresses are 10.77.0.x, got '$addr'"
  ip link show "$BRIDGE" >/dev/null 2>&1 || up
  local dir="$STATE/hosts/$host"
  [ -f "$dir/addr" ] && die "host $host exists already"
  mkdir -p "$dir/tmp"
  chmod 1777 "$dir/tmp"
  ip netns add "$(ns "$host")"
  ip link add "$(link "$host")" type veth peer name eth0 netns "$(ns "$host")"
  ip link set "$(link "$host")" master "$BRIDGE" up
  ip -n "$(ns "$host")" addr add "$addr/24" dev eth0
  ip -n "$(ns "$host")" link set eth0 up
  ip -n "$(ns "$host")" link set lo up
  echo "$addr" > "$dir/addr"
}

# Enters the host: its network namespace, then a private mount namespace in which the host's
# directory is mounted on /tmp. An installation that itself lies under /tmp stays visible at
# its path: the real /tmp is first bound aside (once: a host entered from another host finds
# it there already), and the installation bound back from there.
enter() {
  local host="$1"; shift
  known "$host"
  local dir="$STATE/hosts/$host/tmp" home
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  exec ip netns exec "$(ns "$host")" unshare --mount --propagation private -- \
    bash -c '
      set -e
      dir="$1" home="$2" real=/run/quern-ns-real-tmp; shift 2
      if [[ "$home/" == /tmp/* ]]; then
        if ! mountpoint -q "$real"; then
          mkdir -p "$real"
          mount --rbind /tmp "$real"
        fi
        mount --bind "$dir" /tmp
        mkdir -p "$home"
        mount --bind "$real/${home#/tmp/}" "$home"
      else
        mount --bind "$dir" /tmp
      fi
      exec "$@"' nshosts-enter "$dir" "$home" "$@"
}

# Drops packets between two hosts, both ways, with a blackhole route on each side: the
# senders' packets vanish, as on a cut cable, while both keep their other links.
route_pair() {
  local verb="$1" a="$2" b="$3"
  ip -n "$(ns "$a")" route "$verb" blackhole "$(addr_of "$b")/32" 2>/dev/null || [ "$verb" = del ]
  ip -n "$(ns "$b")" route "$verb" blackhole "$(addr_of "$a")/32" 2>/dev/null || [ "$verb" = del ]
}

cut_or_heal() {
  local verb="$1" host="$2"; shift 2
  known "$host"
  if [ $# -eq 0 ]; then
    ip link set "$(link "$host")" "$([ "$verb" = add ] && echo down || echo up)"
  else
    local peer
    for peer in "$@"; do known "$peer"; route_pair "$verb" "$host" "$peer"; done
  fi
}

down() {
  local n host
  # every qn- namespace, also those of a run whose state directory is gone
  for n in $(ip netns list | awk '$1 ~ /^qn-/ {print $1}'); do
    ip netns pids "$n" | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$n"
    ip link del "qv-${n#qn-}" 2>/dev/null || true
  done
  if [ -d "$STATE/hosts" ]; then
    for host in "$STATE"/hosts/*/; do [ -d "$host" ] && rm -rf "$host"; done
  fi
  # The hosts' CPU cgroups, empty now that their processes are gone.
  if [ -d "$CGROUP_ROOT" ]; then
    for host in "$CGROUP_ROOT"/*/; do [ -d "$host" ] && rmdir "$host" 2>/dev/null || true; done
  fi
  ip link del "$BRIDGE" 2>/dev/null || true
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up)   up ;;
  add)  [ $# -eq 2 ] || die "usage: nshosts.sh add HOST ADDR"; add "$1" "$2" ;;
  exec) [ $# -ge 2 ] || die "usage: nshosts.sh exec HOST CMD [ARG...]"; h="$(host_of "$1")"; shift; enter "$h" "$@" ;;
  sh)   [ $# -eq 2 ] || die "usage: nshosts.sh sh HOST 'COMMAND'"
        # as ssh would: a fresh environment, nothing of this shell's but who and where
        enter "$(host_of "$1")" env -i PATH="$PATH" HOME="${HOME:-/root}" USER="${USER:-root}" \
          LANG="${LANG:-C.UTF-8}" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} bash -c "$2" ;;
  cut)  [ $# -ge 1 ] || die "usage: nshosts.sh cut HOST [PEER...]"; cut_or_heal add "$@" ;;
  heal) [ $# -ge 1 ] || die "usage: nshosts.sh heal HOST [PEER...]"; cut_or_heal del "$@" ;;
  tmp)  known "$1"; echo "$STATE/hosts/$1/tmp" ;;
  cpu)  [ $# -eq 2 ] || die "usage: nshosts.sh cpu HOST CORES"; cpu "$1" "$2" ;;
  list) for d in "$STATE"/hosts/*/; do [ -f "$d/addr" ] && echo "$(basename "$d") $(cat "$d/addr")"; done ;;
  down) down ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
