#!/usr/bin/env bash
# Starts a local Parley cluster: Kafka (KRaft, one broker), Cassandra (one node), Redis, three Parley
# nodes in cluster mode, and nginx in front of them. Pids, logs and data go under the run directory; cluster/stop.sh stops it all.
#
#   cluster/start.sh            run directory: .parley/cluster (or $PARLEY_CLUSTER_RUN_DIR)
#
# Ports (127.0.0.1 only) can be moved with environment variables, defaults shown:
#   KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 CASSANDRA_PORT=9042 CASSANDRA_STORAGE_PORT=7000
#   REDIS_PORT=6379 LB_PORT=7070 NODE_PORTS="7071 7072 7073" ADMIN_PORTS="9071 9072 9073"
# (ADMIN_PORTS: each node's admin listener, /metrics /healthz /readyz.) The nodes trust nginx's
# X-Forwarded-For (--trusted-proxies 127.0.0.1), so per-address connection caps count real clients.
# The nodes: PARLEY_NODE_ARGS adds `parley server` options to all three (e.g. lifted rate limits for a
# benchmark: "--rate-messages 1000000/1000000 --rate-receipts 1000000/1000000"), PARLEY_JAVA_OPTS their
# JVM options, PARLEY_CLUSTER_NAME their --cluster-name (default parley).
# Kafka and Cassandra need Java 17 ($PARLEY_ENGINE_JAVA_HOME if `java` is another version) and Maven
# (their jars come from Maven Central on first start); Redis and nginx: cluster/install-engines.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
CASSANDRA_PORT=${CASSANDRA_PORT:-9042}
CASSANDRA_STORAGE_PORT=${CASSANDRA_STORAGE_PORT:-7000}
REDIS_PORT=${REDIS_PORT:-6379}
LB_PORT=${LB_PORT:-7070}
read -r -a node_ports <<<"${NODE_PORTS:-7071 7072 7073}"
[ ${#node_ports[@]} -eq 3 ] || { echo "NODE_PORTS needs three ports, got: ${node_ports[*]}" >&2; exit 1; }
read -r -a admin_ports <<<"${ADMIN_PORTS:-9071 9072 9073}"
[ ${#admin_ports[@]} -eq 3 ] || { echo "ADMIN_PORTS needs three ports, got: ${admin_ports[*]}" >&2; exit 1; }
read -r -a node_args <<<"${PARLEY_NODE_ARGS:-}"
java=${PARLEY_ENGINE_JAVA_HOME:+$PARLEY_ENGINE_JAVA_HOME/bin/}java

for name in cassandra kafka redis node1 node2 node3 nginx; do
  if is_ours "$name"; then echo "already running: $name (pid $(<"$run_dir/pids/$name.pid")); cluster/stop.sh first" >&2; exit 1; fi
done
for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$CASSANDRA_PORT" "$CASSANDRA_STORAGE_PORT" "$REDIS_PORT" "$LB_PORT" "${node_ports[@]}" "${admin_ports[@]}"; do
  if port_in_use "$port"; then echo "port $port is taken; move it with the environment variables in $0" >&2; exit 1; fi
done
for tool in redis-server nginx "$java"; do
  command -v "$tool" >/dev/null || { echo "$tool not found (cluster/install-engines.sh installs Redis and nginx)" >&2; exit 1; }
done

mkdir -p "$run_dir"/{pids,logs}
echo "run directory: $run_dir"

# launch NAME COMMAND... : start in the background from run/NAME, output to run/logs/NAME.out, pid kept.
launch() {
  local name=$1; shift
  mkdir -p "$run_dir/$name"
  (cd "$run_dir/$name" && exec nohup "$@" >"$run_dir/logs/$name.out" 2>&1 </dev/null) &
  echo $! >"$run_dir/pids/$name.pid"
}

# await NAME SECONDS CHECK... : poll CHECK until it succeeds; fail with the log's tail if NAME dies first.
await() {
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! is_ours "$name"; then echo "$name exited; last lines of its log:" >&2; tail -n 30 "$run_dir/logs/$name.out" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "$name not ready after ${seconds}s; see $run_dir/logs" >&2; exit 1; fi
    sleep 0.2
  done
  echo "ready: $name (pid $(<"$run_dir/pids/$name.pid"))"
}

# Resolve both classpaths before starting anything: the first run downloads the engines from Maven Central.
kafka_cp=$(engine_classpath kafka)
cassandra_cp=$(engine_classpath cassandra)

# --- Cassandra: its own JVM, flags from jvm17.options, config rendered into the run directory. -------
render cassandra/cassandra.yaml "$run_dir/cassandra/conf/cassandra.yaml" \
  NATIVE_PORT="$CASSANDRA_PORT" STORAGE_PORT="$CASSANDRA_STORAGE_PORT" DATA_DIR="$run_dir/cassandra"
mkdir -p "$run_dir/cassandra/tmp" "$run_dir/cassandra/logs"
mapfile -t cassandra_jvm < <(jvm_options cassandra/jvm17.options)
cassandra_log_offset=$(log_size "$run_dir/cassandra/logs/system.log")
launch cassandra "$java" "${cassandra_jvm[@]}" \
  -Dcassandra.config="file://$run_dir/cassandra/conf/cassandra.yaml" \
  -Dcassandra.storagedir="$run_dir/cassandra" -Dcassandra.logdir="$run_dir/cassandra/logs" \
  -Dlogback.configurationFile="file://$cluster_dir/cassandra/logback.xml" \
  -Djava.io.tmpdir="$run_dir/cassandra/tmp" -Djna.tmpdir="$run_dir/cassandra/tmp" \
  -cp "$cassandra_cp" org.apache.cassandra.service.CassandraDaemon

# --- Kafka: format the storage once (first start of this run directory), then the broker. ------------
render kafka/server.properties "$run_dir/kafka/server.properties" \
  BROKER_PORT="$KAFKA_PORT" CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" DATA_DIR="$run_dir/kafka"
mapfile -t kafka_jvm < <(jvm_options kafka/jvm.options)
kafka_jvm+=(-Dkafka.logs.dir="$run_dir/kafka/logs" -Dlog4j2.configurationFile="$cluster_dir/kafka/log4j2.properties")
if [ ! -f "$run_dir/kafka/kafka-logs/meta.properties" ]; then
  cluster_id=$("$java" "${kafka_jvm[@]}" -cp "$kafka_cp" kafka.tools.StorageTool random-uuid)
  "$java" "${kafka_jvm[@]}" -cp "$kafka_cp" kafka.tools.StorageTool format \
    --cluster-id "$cluster_id" --config "$run_dir/kafka/server.properties" >"$run_dir/logs/kafka-format.out" 2>&1
fi
kafka_log_offset=$(log_size "$run_dir/kafka/logs/server.log")
launch kafka "$java" "${kafka_jvm[@]}" -cp "$kafka_cp" kafka.Kafka "$run_dir/kafka/server.properties"

# --- Redis: no persistence (routing, presence and caches are rebuilt by heartbeats and reads). --------
render redis/redis.conf "$run_dir/redis/redis.conf" PORT="$REDIS_PORT" DATA_DIR="$run_dir/redis"
launch redis redis-server "$run_dir/redis/redis.conf"

await redis 10 redis-cli -p "$REDIS_PORT" ping
await kafka 120 log_has "$run_dir/kafka/logs/server.log" "$kafka_log_offset" 'Kafka Server started'
await cassandra 180 log_has "$run_dir/cassandra/logs/system.log" "$cassandra_log_offset" 'Starting listening for CQL clients'

# --- Parley nodes: the same server binary in cluster mode, one per port. ----------------------------
# The launcher builds Parley on first use; the nodes share the engines above and differ only in id and port.
"$cluster_dir/../parley" --version >/dev/null
for i in 0 1 2; do
  name=node$((i + 1))
  launch "$name" "$cluster_dir/../parley" server --mode cluster --port "${node_ports[$i]}" --host 127.0.0.1 \
    --admin-port "${admin_ports[$i]}" --trusted-proxies 127.0.0.1 \
    --node-id "$name" --cluster-name "${PARLEY_CLUSTER_NAME:-parley}" --data-dir "$run_dir/$name" \
    --kafka "127.0.0.1:$KAFKA_PORT" --cassandra "127.0.0.1:$CASSANDRA_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" ${node_args[@]+"${node_args[@]}"}
done
for i in 0 1 2; do
  await "node$((i + 1))" 120 curl -fsS "http://127.0.0.1:${node_ports[$i]}/readyz"
done

# --- nginx: WebSocket-capable load balancer in front of the nodes. ------------------------------------
render nginx/nginx.conf "$run_dir/nginx/nginx.conf" RUN_DIR="$run_dir" LB_PORT="$LB_PORT" \
  NODE1_PORT="${node_ports[0]}" NODE2_PORT="${node_ports[1]}" NODE3_PORT="${node_ports[2]}"
nginx -t -q -p "$run_dir/nginx" -c "$run_dir/nginx/nginx.conf"
launch nginx nginx -p "$run_dir/nginx" -c "$run_dir/nginx/nginx.conf"
await nginx 10 port_in_use "$LB_PORT"

cat <<INFO
cluster up:
  kafka      127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)
  cassandra  127.0.0.1:$CASSANDRA_PORT (storage $CASSANDRA_STORAGE_PORT)
  redis      127.0.0.1:$REDIS_PORT
  parley     nodes on ${node_ports[*]} (logs: $run_dir/logs/node*.out), metrics on ${admin_ports[*]}
  nginx      http://127.0.0.1:$LB_PORT/ -> ${node_ports[*]}   <- open this: the web client, through the load balancer
  logs       $run_dir/logs, $run_dir/kafka/logs, $run_dir/cassandra/logs
stop with cluster/stop.sh
INFO
