#!/usr/bin/env bash
# Runs Parley's whole test suite, installing first what the tests need on a fresh Debian machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-test-deps.sh"
cd "$root"
exec mvn -B -Dstyle.color=never spotless:check verify "$@"
