#!/usr/bin/env bash
# Start one process of the cluster again after it died or was killed (a web node, a worker):
#   deploy/cluster/restart.sh web1
# It runs the command up.sh recorded for that name, with the cluster's environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLUSTER_DIR=${CLUSTER_DIR:-$PWD/var/cluster}
name=${1:?usage: restart.sh NAME (see $CLUSTER_DIR/commands/)}
command_file="$CLUSTER_DIR/commands/$name"
[ -f "$command_file" ] || { echo "restart.sh: no process named $name" >&2; exit 2; }
pid_file="$CLUSTER_DIR/pids/$name.pid"
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "restart.sh: $name is running (pid $(cat "$pid_file"))" >&2
    exit 1
fi
set -a; . "$CLUSTER_DIR/env"; set +a
# exec: the pid kept is the process's own, so down.sh stops it (not a shell around it).
eval "exec $(cat "$command_file")" >>"$CLUSTER_DIR/logs/$name.log" 2>&1 &
echo $! >"$pid_file"
