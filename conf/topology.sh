#!/usr/bin/env bash
# Sample topology script (net.topology.script.file.name): prints one rack path per
# argument, each argument a host name or address. Hosts it does not know go to
# /default-rack. Edit topology.table beside this script; without that file the case
# statement below applies.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
table="$here/topology.table"

declare -A racks=()
if [[ -f "$table" ]]; then
  while read -r host rack _; do
    [[ -z "${host:-}" || "$host" == \#* || -z "${rack:-}" ]] && continue
    racks["$host"]="$rack"
  done < "$table"
fi

for host in "$@"; do
  if [[ -f "$table" ]]; then
    echo "${racks[$host]:-/default-rack}"
  else
    case "$host" in
      127.0.0.2|127.0.0.3) echo /rack1 ;;
      127.0.0.4) echo /rack2 ;;
      *) echo /default-rack ;;
    esac
  fi
done
