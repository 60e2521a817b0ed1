#!/usr/bin/env bash
# Installs the Debian packages cluster mode runs on, only those missing:
#   redis-server   routing, presence and caches (the engine tests start their own instance)
#   nginx          the WebSocket-capable load balancer in front of the Parley nodes
#   curl           start.sh's readiness probe of the Parley nodes
# Kafka and Cassandra need no system package: they run from their Maven Central artifacts.
set -euo pipefail
needed=()
[ -x /usr/bin/redis-server ] || needed+=(redis-server)
[ -x /usr/sbin/nginx ] || needed+=(nginx)
command -v curl >/dev/null || needed+=(curl)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "installing: ${needed[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
# policy-rc.d-free install: the packages' own services are not wanted, we start our own instances.
$sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
# Debian starts the system-wide services where an init system runs; stop them so they do not hold ports.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  $sudo_cmd systemctl disable --now redis-server nginx >/dev/null 2>&1 || true
fi
