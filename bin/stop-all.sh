#!/usr/bin/env bash
# Stops MapReduce, then the DFS, then the embedded ZooKeeper if start-all.sh started it.
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
"$bin/stop-mapred.sh"
"$bin/stop-dfs.sh"
"$bin/zookeeper.sh" stop
