#!/usr/bin/env bash
# Stops what cluster/start.sh started, by the pids it recorded: SIGTERM, then SIGKILL after a grace
# period. Data and logs stay in the run directory; delete it for a fresh cluster.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
grace=${STOP_GRACE_SECONDS:-30}

# The load balancer first so no new client arrives, then the nodes, then what the nodes depend on.
for name in nginx node3 node2 node1 redis kafka cassandra; do
  pidfile=$run_dir/pids/$name.pid
  [ -f "$pidfile" ] || continue
  if is_ours "$name"; then
    pid=$(<"$pidfile")
    kill -TERM "$pid"
    for ((i = 0; i < grace * 5; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then echo "$name (pid $pid) ignored SIGTERM for ${grace}s: killing" >&2; kill -KILL "$pid"; fi
    echo "stopped: $name (pid $pid)"
  fi
  rm -f "$pidfile"
done
