#!/usr/bin/env bash
# Upload benchmark (issue 4, item 5): one file (default 2 GiB) with tus-js-client (single PATCH), SDK-shaped
# 10 MB PATCHes and tus-java-client, into upload-service and into the anchor tus-java-server 1.0.0-3.0 (embedded
# Tomcat 10.1), alternating, in one run. Reports MB/s and server CPU seconds; every upload is checked by sha256.
#
#   bench/upload-bench.sh [size-in-bytes [extra Maven arguments, e.g. -Dbench.clients=tus-js]]
#
# Needs a JDK 17, Maven, Node 20 + npm (tus-js-client is installed into upload-service/target/tus-js).
# Writes upload-service/target/benchmarks/upload.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-2147483648}
shift || true
PORT=${ANCHOR_PORT:-18090}
STORE=$(mktemp -d /tmp/tus-anchor.XXXXXX)

mvn -B -q -f bench/tus-anchor/pom.xml package dependency:copy-dependencies -DincludeScope=runtime
java -Xmx1g -cp "bench/tus-anchor/target/classes:bench/tus-anchor/target/dependency/*" TusAnchor "$PORT" "$STORE" \
    > "$STORE.log" 2>&1 &
ANCHOR=$!
trap 'kill $ANCHOR 2>/dev/null || true; rm -rf "$STORE" "$STORE.log"' EXIT
for _ in $(seq 1 120); do
    grep -q READY "$STORE.log" && break
    sleep 0.5
done
grep -q READY "$STORE.log" || { echo "the anchor did not start:"; cat "$STORE.log"; exit 1; }

mvn -B -pl upload-service verify -Dtest=TusUploadBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.size="$SIZE" -Dbench.anchor.url="http://127.0.0.1:$PORT/files" -Dbench.anchor.pid="$ANCHOR" \
    -Dbench.anchor.storage="$STORE" "$@"
cat upload-service/target/benchmarks/upload.md
