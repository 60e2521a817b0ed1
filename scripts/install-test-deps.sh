#!/usr/bin/env bash
# Installs the system packages the test suite uses (Debian), only those missing:
#   chromium, chromium-driver   browser tests of the web client
set -euo pipefail
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
[ -x /usr/bin/chromedriver ] || needed+=(chromium-driver)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "installing: ${needed[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq "${needed[@]}" >/dev/null
