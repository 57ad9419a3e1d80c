#!/usr/bin/env bash
# Deep Zoom tile throughput of tile-service, directly and through the gateway's /i/ route, against IIPImage (iipsrv
# 1.1 behind lighttpd FastCGI, DeepZoom protocol) on the same generated 100000x80000 pyramidal JPEG BigTIFF:
# uniformly random tiles with wrk at full resolution (Deep Zoom level 17, 391x313 tiles) and zoomed out 16x
# (level 13, 25x20 tiles), 16 and 64 connections.
#
#   tile-service/bench/tile-vs-iipimage.sh [WORKDIR]        (default /tmp/tile-bench; the slide is kept there)
#
# Needs: Debian packages libvips-tools libtiff-tools wrk iipimage-server lighttpd postgresql-15, a JDK 17, and a
# built tile-service and gateway (mvn -B -pl tile-service,gateway package -DskipTests). Env: BENCH_DURATION
# (default 20s), TILE_JAR (default tile-service/target/quarkus-app/quarkus-run.jar), GATEWAY_JAR (default
# gateway/target/quarkus-app/quarkus-run.jar), SHARED (default ../shared beside the repo).
# tile-service runs alone against a private PostgreSQL cluster and no Kafka broker (tiles need neither); the tiles
# are fetched through a GenerateSlideFileURL-style signed file link minted with the service's own TileTokens.
# The gateway gets the settings deploy/local/run.sh gives it that matter here (database "gateway" in the same
# cluster, a JWT key pair generated into WORKDIR/jwt, an admin password, no broker) and SLIDESCORE_TILE_URL pointing
# at this tile-service; the same link is fetched through it (/i/ needs no API token: the gateway streams it to
# tile-service). On one machine the gateway's rows share the cores among wrk, the gateway and tile-service.
# Everything started here is stopped by its PID at the end. Writes WORKDIR/results.md.
set -euo pipefail
WORK=${1:-/tmp/tile-bench}
DUR=${BENCH_DURATION:-20s}
HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(dirname "$HERE")
SHARED=${SHARED:-$(cd "$MODULE/../.." && pwd)/shared}
TILE_JAR=${TILE_JAR:-$MODULE/target/quarkus-app/quarkus-run.jar}
GATEWAY_JAR=${GATEWAY_JAR:-$(dirname "$MODULE")/gateway/target/quarkus-app/quarkus-run.jar}
PGBIN=/usr/lib/postgresql/15/bin
PG_PORT=25433; TILE_PORT=18084; GW_PORT=18080; IIP_PORT=18090
SECRET=bench-secret-0123456789abcdefghij
# no broker here: the Kafka clients' reconnect warnings (several a second) stay out of the logs. A system property
# on org.apache.kafka.clients itself: Quarkus' Kafka extension sets that category's level, so a level on
# org.apache.kafka (or the QUARKUS_LOG_CATEGORY__... variable) does not reach it.
QUIET_KAFKA='-Dquarkus.log.category."org.apache.kafka.clients".level=ERROR'
mkdir -p "$WORK/slides"
chmod 755 "$WORK"
SLIDE=$WORK/slides/large-generic.tif

if [ ! -f "$SLIDE" ]; then
  echo "== generating the 100000x80000 slide (about 2 minutes, 2.6 GB)"
  "$SHARED/tools/make-test-slides.sh" "$WORK/slides" 10000 10 8
fi
[ -f "$TILE_JAR" ] || { echo "build tile-service first: mvn -B -pl tile-service package -DskipTests"; exit 1; }
[ -f "$GATEWAY_JAR" ] || { echo "build the gateway first: mvn -B -pl gateway package -DskipTests"; exit 1; }

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/lighttpd.pid" ] && kill "$(cat "$WORK/lighttpd.pid")" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== private PostgreSQL on $PG_PORT"
if [ ! -d "$WORK/pg" ]; then
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U slidescore >/dev/null
fi
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
for db in tile gateway; do
  psql -h 127.0.0.1 -p $PG_PORT -U slidescore -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -p $PG_PORT -U slidescore -d postgres -qc "create database $db"
done

echo "== tile-service on $TILE_PORT"
PG_HOST=127.0.0.1 PG_PORT=$PG_PORT PG_USER=slidescore PG_PASSWORD=unused PG_DATABASE=tile \
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 SERVICE_PORT=$TILE_PORT SLIDESCORE_IMAGES_ROOT="$WORK/slides" \
SLIDESCORE_TILE_TOKEN_SECRET=$SECRET \
  java -Xmx1g "$QUIET_KAFKA" -jar "$TILE_JAR" > "$WORK/tile.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$TILE_PORT/q/health/live" && break; sleep 1; done
APPJAR=$(ls "$(dirname "$TILE_JAR")"/app/tile-service-*.jar | head -1)
cat > "$WORK/Link.java" <<JAVA
public class Link { public static void main(String[] a) {
  System.out.print(new org.slidescore.tile.deepzoom.TileTokens(a[0].getBytes()).issueFile(a[1],
      java.time.Instant.now().plusSeconds(86400))); } }
JAVA
LINK=$(java -cp "$APPJAR" "$WORK/Link.java" "$SECRET" "$SLIDE")
TILE_PREFIX="/i/file/$LINK/i_files/"
curl -sf "http://127.0.0.1:$TILE_PORT/i/file/$LINK/i.dzi" | grep -q 'Width="100000"'

echo "== gateway on $GW_PORT, routing /i/ to tile-service on $TILE_PORT"
mkdir -p "$WORK/jwt"
PG_HOST=127.0.0.1 PG_PORT=$PG_PORT PG_USER=slidescore PG_PASSWORD=unused PG_DATABASE=gateway \
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 SERVICE_PORT=$GW_PORT SLIDESCORE_TILE_URL=http://127.0.0.1:$TILE_PORT \
SLIDESCORE_JWT_PRIVATE_KEY_LOCATION="$WORK/jwt/private.pem" SLIDESCORE_JWT_PUBLIC_KEY_LOCATION="$WORK/jwt/public.pem" \
SLIDESCORE_ADMIN_PASSWORD=bench-admin-password SLIDESCORE_LOG_JSON=false \
  java -Xmx512m "$QUIET_KAFKA" -jar "$GATEWAY_JAR" > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$GW_PORT/q/health/live" && break; sleep 1; done
curl -sf "http://127.0.0.1:$GW_PORT/i/file/$LINK/i.dzi" | grep -q 'Width="100000"' \
  || { echo "the gateway does not route /i/ to tile-service: see $WORK/gateway.log"; exit 1; }
curl -sf -o "$WORK/probe.jpg" "http://127.0.0.1:$GW_PORT${TILE_PREFIX}17/5_5.jpeg" && head -c 3 "$WORK/probe.jpg" | od -An -tx1 | grep -q "ff d8 ff" \
  || { echo "no tile through the gateway: see $WORK/gateway.log"; exit 1; }

tiles_served() {
  curl -s "http://127.0.0.1:$TILE_PORT/q/metrics" | awk -F' ' '/^slidescore_tile_request_seconds_count\{endpoint="tile"/ {n += $2} END {print n + 0}'
}
if command -v chromium >/dev/null; then
  echo "== the viewer page in headless Chromium"
  before=$(tiles_served)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$WORK/chromium" \
    --window-size=1200,800 --virtual-time-budget=15000 --screenshot="$WORK/viewer.png" \
    "http://127.0.0.1:$TILE_PORT/i/file/$LINK/view" >/dev/null 2>&1 || true
  echo "viewer: $(( $(tiles_served) - before )) tiles requested by Chromium, screenshot $WORK/viewer.png" \
    | tee "$WORK/viewer.txt"
fi

echo "== iipsrv behind lighttpd on $IIP_PORT"
mkdir -p "$WORK/www"
cat > "$WORK/lighttpd.conf" <<CONF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $IIP_PORT
server.pid-file = "$WORK/lighttpd.pid"
server.errorlog = "$WORK/lighttpd-error.log"
server.max-fds = 8192
server.modules = ("mod_fastcgi")
fastcgi.server = ( "/fcgi-bin/iipsrv.fcgi" => (( "socket" => "$WORK/iipsrv.sock", "check-local" => "disable",
  "bin-path" => "/usr/lib/iipimage-server/iipsrv.fcgi", "max-procs" => ${IIP_PROCS:-2},
  "bin-environment" => ( "LOGFILE" => "$WORK/iipsrv.log", "VERBOSITY" => "0", "MAX_IMAGE_CACHE_SIZE" => "10",
                         "JPEG_QUALITY" => "80", "FILESYSTEM_PREFIX" => "$WORK/slides/" ) )) )
CONF
rm -f "$WORK/lighttpd.pid"
lighttpd -f "$WORK/lighttpd.conf"
IIP_PREFIX="/fcgi-bin/iipsrv.fcgi?DeepZoom=large-generic.tif_files/"
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$IIP_PORT${IIP_PREFIX}17/0_0.jpg" && break; sleep 1; done
curl -sf -o "$WORK/probe.jpg" "http://127.0.0.1:$IIP_PORT${IIP_PREFIX}17/5_5.jpg" && head -c 3 "$WORK/probe.jpg" | od -An -tx1 | grep -q "ff d8 ff" \
  || { echo "iipsrv does not serve tiles: see $WORK/lighttpd-error.log and $WORK/iipsrv.log"; exit 1; }

run() { # name port prefix suffix level cols rows conns
  local out; out=$(wrk -t2 -c"$8" -d"$DUR" --latency -s "$HERE/dz.lua" "http://127.0.0.1:$2" -- "$3" "$5" "$6" "$7" "$4")
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/ {print $5}'); errs=${errs:-0}
  echo "| $1 | $5 | $8 | $rps | $p50 | $p99 | $errs |" | tee -a "$WORK/results.md"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Run of $(date -u +%Y-%m-%dT%H:%MZ), wrk -t2, $DUR per row, load average before: $LOAD_BEFORE"
  echo
  echo "| server | DZ level | connections | tiles/s | p50 | p99 | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$WORK/results.md"
# the slide read once into the page cache (as a slide being viewed is; without it the first rows measure the disk),
# then a warm-up (JIT, connections) not recorded
cat "$SLIDE" > /dev/null
wrk -t2 -c16 -d5s -s "$HERE/dz.lua" "http://127.0.0.1:$TILE_PORT" -- "$TILE_PREFIX" 17 391 313 .jpeg >/dev/null
wrk -t2 -c16 -d5s -s "$HERE/dz.lua" "http://127.0.0.1:$TILE_PORT" -- "$TILE_PREFIX" 13 25 20 .jpeg >/dev/null
wrk -t2 -c16 -d5s -s "$HERE/dz.lua" "http://127.0.0.1:$GW_PORT" -- "$TILE_PREFIX" 17 391 313 .jpeg >/dev/null
wrk -t2 -c16 -d5s -s "$HERE/dz.lua" "http://127.0.0.1:$GW_PORT" -- "$TILE_PREFIX" 13 25 20 .jpeg >/dev/null
for level in 17 13; do
  if [ $level = 17 ]; then cols=391; rows=313; else cols=25; rows=20; fi
  for c in 16 64; do
    run tile-service $TILE_PORT "$TILE_PREFIX" .jpeg $level $cols $rows $c
    run "tile-service via gateway" $GW_PORT "$TILE_PREFIX" .jpeg $level $cols $rows $c
    run "iipsrv (${IIP_PROCS:-2} procs)" $IIP_PORT "$IIP_PREFIX" .jpg $level $cols $rows $c
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/results.md"
