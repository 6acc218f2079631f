#!/usr/bin/env bash
# Starts the NameNode and a DataNode on every host of conf/workers, then waits until they
# have registered in ZooKeeper.
set -e
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
"$bin/quern-daemon.sh" start namenode "$QUERN_NAMENODE_HOST"
workers=$(quern_hosts "$QUERN_CONF_DIR/workers")
for host in $workers; do "$bin/quern-daemon.sh" start datanode "$host"; done
count=$(echo $workers | wc -w)
"$bin/quern" admin -wait namenode 1 datanode "$count" -timeout 60
