#!/usr/bin/env bash
# Starts the whole cluster: the embedded ZooKeeper (unless quern.zookeeper.quorum names
# another ensemble or one already answers), then the DFS, then MapReduce.
set -e
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
quorum="$QUERN_ZK_QUORUM"
zk_port="$(sed -n 's/^clientPort=//p' "$QUERN_CONF_DIR/zoo.cfg" | head -1)"
if [ "$quorum" = "127.0.0.1:${zk_port:-2181}" ] || [ "$quorum" = "localhost:${zk_port:-2181}" ]; then
  "$bin/zookeeper.sh" start
fi
"$bin/start-dfs.sh"
"$bin/start-mapred.sh"
