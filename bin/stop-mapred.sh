#!/usr/bin/env bash
# Stops the workers of conf/workers and the masters of conf/masters.
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$bin/quern-config.sh"
quern_export_dirs
for host in $(quern_hosts "$QUERN_CONF_DIR/workers"); do "$bin/quern-daemon.sh" stop worker "$host" & done
wait
masters=$(quern_hosts "$QUERN_CONF_DIR/masters")
for host in ${masters:-127.0.0.1}; do "$bin/quern-daemon.sh" stop master "$host" & done
wait
