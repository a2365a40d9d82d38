#!/usr/bin/env bash
# The test command: installs what the tests need, then builds and runs every test
# (unit, contract, end-to-end through the Milvus Java SDK, integration).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/jdk.sh"
quiver_find_jdk
echo "test: using JDK $QUIVER_JAVA_MAJOR at $JAVA_HOME"
# Maven builds and runs everything; the integration tests start a real etcd from Debian's package.
missing=()
command -v mvn >/dev/null || missing+=(maven)
[ -x /usr/bin/etcd ] || missing+=(etcd-server)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q && apt-get install -y -q "${missing[@]}"
fi
cd "$root"
exec mvn -B verify "$@"
