#!/usr/bin/env bash
# Stops the DataNodes of conf/workers and the NameNode.
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
for host in $(quern_hosts "$QUERN_CONF_DIR/workers"); do "$bin/quern-daemon.sh" stop datanode "$host" & done
wait
"$bin/quern-daemon.sh" stop namenode "$QUERN_NAMENODE_HOST"
