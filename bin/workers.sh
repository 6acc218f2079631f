#!/usr/bin/env bash
# Runs a command for every host of conf/workers: quern-daemon.sh style commands get the host
# appended. Usage: workers.sh COMMAND... (e.g. workers.sh bin/quern-daemon.sh start worker)
. "$(dirname "${BASH_SOURCE[0]}")/quern-config.sh"
status=0
for host in $(quern_hosts "$QUERN_CONF_DIR/workers"); do
  "$@" "$host" || status=1
done
exit $status
