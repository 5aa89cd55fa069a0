#!/usr/bin/env bash
# Stop what deploy/cluster/up.sh started (SIGTERM, then SIGKILL after 20 s), by its pid files.
set -uo pipefail
cd "$(dirname "$0")/../.."
CLUSTER_DIR=${CLUSTER_DIR:-$PWD/var/cluster}
pids=()
for file in "$CLUSTER_DIR"/pids/*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$file"
done
for _ in $(seq 1 40); do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ ${#alive[@]} -eq 0 ] && exit 0
    sleep 0.5
done
kill -KILL "${alive[@]}" 2>/dev/null
exit 0
