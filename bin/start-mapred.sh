#!/usr/bin/env bash
# Starts a master on every host of conf/masters and a worker on every host of conf/workers,
# then waits until one master is active and every worker has registered.
set -e
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
masters=$(quern_hosts "$QUERN_CONF_DIR/masters")
workers=$(quern_hosts "$QUERN_CONF_DIR/workers")
for host in ${masters:-127.0.0.1}; do "$bin/quern-daemon.sh" start master "$host"; done
for host in $workers; do "$bin/quern-daemon.sh" start worker "$host"; done
"$bin/quern" admin -wait master "$(echo ${masters:-127.0.0.1} | wc -w)" worker "$(echo $workers | wc -w)" active-master 1 -timeout 60
