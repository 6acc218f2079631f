#!/usr/bin/env bash
# Stops the DataNodes of conf/workers and the NameNode.
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
for host in $(quern_hosts "$QUERN_CONF_DIR/workers"); do "$bin/quern-daemon.sh" stop datanode "$host" & done
wait
quern_getconf nn_addr=dfs.namenode.rpc-address
nn_host="${nn_addr%:*}"
"$bin/quern-daemon.sh" stop namenode "${nn_host:-127.0.0.1}"
