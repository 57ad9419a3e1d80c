#!/usr/bin/env bash
# Upload benchmark (issue 4, item 5): one file (default 2 GiB) with tus-js-client (single PATCH), SDK-shaped
# 10 MB PATCHes and tus-java-client, into upload-service directly, into upload-service through the packaged gateway,
# and into the anchor tus-java-server 1.0.0-3.0 (embedded Tomcat 10.1), alternating, in one run. Reports MB/s and
# server CPU seconds (through the gateway: both processes, and the gateway's share); every upload is checked by sha256.
#
#   bench/upload-bench.sh [size-in-bytes [extra Maven arguments, e.g. -Dbench.clients=tus-js]]
#
# BENCH_ROUNDS (default 3): measured rounds; each row reports the median round, and every round's MB/s.
# Page state: in a VM whose balloon reports free pages to the host (Firecracker here), memory freed for a few seconds
# goes back to the host, and writing into it again costs a host page fault: about 2 s of system CPU per GiB, charged
# to whichever server writes the page cache (dd of 2 GiB: 4.3 s cold, 0.4 s warm). Which server got such memory
# depended on the order of the runs. So, where it can (root, virtio_balloon), this script turns free page reporting off
# for the run (page_reporting_order above the largest order), warms memory by writing and deleting a scratch file,
# and restores the setting at exit; BENCH_WARM_PAGES=0 leaves the VM alone. The report says which state it ran in.
# BENCH_GATEWAY=0 leaves the gateway rows out. The gateway runs from gateway/target/quarkus-app (packaged here when
# missing; a hard-linked copy is used, so a rebuild during the run cannot change it).
# Needs a JDK 17, Maven, Node 20 + npm (tus-js-client is installed into upload-service/target/tus-js).
# Writes upload-service/target/benchmarks/upload.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-2147483648}
shift || true
port_taken() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }
PORT=${ANCHOR_PORT:-18090}
if [[ -z ${ANCHOR_PORT:-} ]]; then
    while port_taken "$PORT"; do PORT=$((PORT + 1)); done   # another run's anchor may hold 18090
fi
STORE=$(mktemp -d /tmp/tus-anchor.XXXXXX)
GATEWAY_APP=$(mktemp -d /tmp/bench-gateway.XXXXXX)
ANCHOR=
PAGE_REPORTING=/sys/module/page_reporting/parameters/page_reporting_order
PAGE_REPORTING_WAS=
restore() {
    [[ -z $ANCHOR ]] || kill "$ANCHOR" 2>/dev/null || true
    rm -rf "$STORE" "$STORE.log" "$GATEWAY_APP" upload-service/target/bench-scratch
    [[ -z $PAGE_REPORTING_WAS ]] || echo "$PAGE_REPORTING_WAS" > "$PAGE_REPORTING"
}
trap restore EXIT
if [[ ${BENCH_WARM_PAGES:-1} != 0 && -w $PAGE_REPORTING && -d /sys/bus/virtio/drivers/virtio_balloon ]]; then
    was=$(cat "$PAGE_REPORTING")
    if (( was <= 10 )); then
        PAGE_REPORTING_WAS=$was
        echo 11 > "$PAGE_REPORTING"
    fi
    mkdir -p upload-service/target
    dd if=/dev/zero of=upload-service/target/bench-scratch bs=4M count=$(( (2 * SIZE + SIZE / 2) / 4194304 + 1 )) \
        status=none
    rm -f upload-service/target/bench-scratch
fi
GATEWAY_ARGS=()
if [[ ${BENCH_GATEWAY:-1} != 0 ]]; then
    [[ -f gateway/target/quarkus-app/quarkus-run.jar ]] || mvn -B -q -pl gateway package -DskipTests "$@"
    cp -al gateway/target/quarkus-app/. "$GATEWAY_APP/" 2>/dev/null || cp -a gateway/target/quarkus-app/. "$GATEWAY_APP/"
    GATEWAY_ARGS=(-Dbench.gateway.jar="$GATEWAY_APP/quarkus-run.jar")
fi

mvn -B -q -f bench/tus-anchor/pom.xml package dependency:copy-dependencies -DincludeScope=runtime
java -Xmx1g -cp "bench/tus-anchor/target/classes:bench/tus-anchor/target/dependency/*" TusAnchor "$PORT" "$STORE" \
    > "$STORE.log" 2>&1 &
ANCHOR=$!
for _ in $(seq 1 120); do
    grep -q -E "READY|FAILED" "$STORE.log" && break
    sleep 0.5
done
grep -q "READY $ANCHOR" "$STORE.log" || { echo "the anchor did not start:"; cat "$STORE.log"; exit 1; }

mvn -B -pl upload-service verify -Dtest=TusUploadBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.size="$SIZE" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.anchor.url="http://127.0.0.1:$PORT/files" \
    -Dbench.anchor.pid="$ANCHOR" -Dbench.anchor.storage="$STORE" "${GATEWAY_ARGS[@]+"${GATEWAY_ARGS[@]}"}" "$@"
cat upload-service/target/benchmarks/upload.md
