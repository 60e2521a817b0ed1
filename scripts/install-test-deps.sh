#!/usr/bin/env bash
# Installs the system packages the test suite uses (Debian), only those missing:
#   chromium, chromium-driver   browser tests of the web client
#   redis-server, nginx         cluster engine tests (cluster/install-engines.sh)
# Kafka and Cassandra come from Maven Central and need nothing here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
[ -x /usr/bin/chromedriver ] || needed+=(chromium-driver)
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${needed[@]}" >/dev/null
fi
"$root/cluster/install-engines.sh"
