#!/usr/bin/env bash
# Runs the whole platform on this machine with nothing but a JDK 17 and Maven.
#
#   deploy/local/run.sh [start]   build what is missing, start PostgreSQL, Kafka and the six services, wait until
#                                 every /q/health/ready is UP, print the gateway URL and the admin credential
#   deploy/local/run.sh stop      stop everything this script started (by the PIDs it recorded)
#   deploy/local/run.sh status    show each part; exit 0 only when everything is up and ready
#
# State (data, logs, PIDs, keys, downloaded tools) lives in deploy/local/.state/ (git-ignored).
# Environment (all optional):
#   PG_HOST [PG_PORT PG_USER PG_PASSWORD]  use that PostgreSQL instead of starting one (the databases are still created)
#   PG_PORT                                port of the embedded PostgreSQL (default 15432)
#   KAFKA_BOOTSTRAP_SERVERS                use that Kafka instead of starting a broker
#   SLIDESCORE_KAFKA_PORT                  port of the local broker (default 9092; its controller listens on +1)
#   SLIDESCORE_PORT_BASE                   gateway port; the services follow at +1..+5 (default 8080)
#   SLIDESCORE_ADMIN_PASSWORD              bootstrap admin password (default: generated once into .state/admin-password)
#   SLIDESCORE_IMAGES_ROOT                 images root (default .state/images)
#   SLIDESCORE_JWT_PRIVATE_KEY_LOCATION, SLIDESCORE_JWT_PUBLIC_KEY_LOCATION   PEM files (default: generated once)
#   SLIDESCORE_TILE_TOKEN_SECRET           HMAC secret of tile links (default: generated once into .state/tile-token-secret)
#   SLIDESCORE_STATE_DIR                   another state directory (the end-to-end tests use their own)
#   SLIDESCORE_BUILD                       auto (default: build modules whose jar is missing or older than the
#                                          sources), always, or never
#   SLIDESCORE_JAVA_OPTS                   JVM options of each service (default -Xmx512m)
#   SLIDESCORE_START_TIMEOUT               seconds to wait for readiness (default 300)
#   SLIDESCORE_LOG_JSON                    true for JSON log lines (default false here: the logs are read by people)
#   SLIDESCORE_MVN_ARGS                    extra arguments for the Maven calls (e.g. -o -Dmaven.repo.local=...)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE=${SLIDESCORE_STATE_DIR:-$HERE/.state}
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd -P)
LOGS=$STATE/logs
PIDS=$STATE/pids
TOOLS=$STATE/tools
MVN=${MVN:-mvn}
read -r -a MVN_ARGS <<<"${SLIDESCORE_MVN_ARGS:-}"   # e.g. "-o -Dmaven.repo.local=..." (the e2e tests pass theirs)

MODULES=(gateway upload-service study-service scoring-service tile-service notification-service)
NAMES=(gateway upload study scoring tile notification)   # database and URL names, same order as MODULES

say() { printf '%s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- settings: the ones a start used are kept in .state/run.env so status and stop see the same ports ---------
load_settings() {
    if [[ -f $STATE/run.env && ${1:-} == recorded ]]; then
        # shellcheck disable=SC1091
        source "$STATE/run.env"
        return
    fi
    PORT_BASE=${SLIDESCORE_PORT_BASE:-8080}
    KAFKA_PORT=${SLIDESCORE_KAFKA_PORT:-9092}
    EXTERNAL_KAFKA=${KAFKA_BOOTSTRAP_SERVERS:-}
    EXTERNAL_PG=${PG_HOST:-}
    if [[ -n $EXTERNAL_PG ]]; then
        DB_PORT=${PG_PORT:-5432}
    else
        DB_PORT=${PG_PORT:-15432}
    fi
}

save_settings() {
    {
        printf 'PORT_BASE=%q\nKAFKA_PORT=%q\nEXTERNAL_KAFKA=%q\n' "$PORT_BASE" "$KAFKA_PORT" "$EXTERNAL_KAFKA"
        printf 'EXTERNAL_PG=%q\nDB_PORT=%q\n' "$EXTERNAL_PG" "$DB_PORT"
    } >"$STATE/run.env"
}

service_port() { echo $((PORT_BASE + $1)); }

# --- processes ---------------------------------------------------------------------------------------------
# A recorded PID counts as ours only while its command line still names this state directory (PIDs get reused).
ours() {
    local pid=$1
    [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
    local cmd
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *"$STATE/"* || $cmd == *"$STATE "* ]]
}

recorded_pid() { [[ -f $PIDS/$1.pid ]] && cat "$PIDS/$1.pid" || true; }

running() {
    local pid
    pid=$(recorded_pid "$1")
    ours "$pid"
}

# Prints "<status code> <body>" of an HTTP GET, using bash's /dev/tcp (no curl needed).
http_get() {
    local port=$1 path=$2 reply
    # generous: on a machine busy with builds a health answer (database and Kafka checks) can take seconds
    reply=$(timeout 15 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
        printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$1" "$0" >&3
        cat <&3' "$port" "$path" 2>/dev/null | tr -d '\r') || true
    [[ -n $reply ]] || { echo "000"; return; }
    local code
    code=$(head -n 1 <<<"$reply" | awk '{print $2}')
    printf '%s %s\n' "${code:-000}" "$(sed '1,/^$/d' <<<"$reply" | tr -d '\n')"
}

port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

log_tail() {
    local file=$LOGS/$1.log
    if [[ ! -f $file ]]; then
        say "(no log at $file)" >&2
        return 0
    fi
    # The first errors of the latest start say more than the end of a long stack trace.
    local errors
    errors=$(sed -n '/^=== /h; /^=== /!H; ${x;p}' "$file" | grep -m 5 -E 'ERROR|FATAL|^Caused by' || true)
    if [[ -n $errors ]]; then
        say "---- first errors in $file ----" >&2
        say "$errors" >&2
    fi
    say "---- last lines of $file ----" >&2
    tail -n "${2:-30}" "$file" >&2
    say "----" >&2
}

# --- build ---------------------------------------------------------------------------------------------------
stale_modules() {
    local m jar newer
    for m in "${MODULES[@]}"; do
        jar=$ROOT/$m/target/quarkus-app/quarkus-run.jar
        if [[ ! -f $jar ]]; then
            echo "$m"
            continue
        fi
        newer=$(find "$ROOT/pom.xml" "$ROOT/$m/pom.xml" "$ROOT/$m/src/main" "$ROOT/common/pom.xml" \
            "$ROOT/common/src/main" "$ROOT/events/pom.xml" "$ROOT/events/src/main" \
            -newer "$jar" -print -quit 2>/dev/null || true)
        [[ -z $newer ]] || echo "$m"
    done
}

build() {
    local mode=${SLIDESCORE_BUILD:-auto} stale
    case $mode in
        never)
            for m in "${MODULES[@]}"; do
                [[ -f $ROOT/$m/target/quarkus-app/quarkus-run.jar ]] ||
                    die "$m/target/quarkus-app/quarkus-run.jar is missing and SLIDESCORE_BUILD=never"
            done
            return ;;
        always) stale=$(printf '%s\n' "${MODULES[@]}") ;;
        auto) stale=$(stale_modules) ;;
        *) die "SLIDESCORE_BUILD must be auto, always or never, not '$mode'" ;;
    esac
    [[ -n $stale ]] || return 0
    local list
    list=$(paste -sd, <<<"$stale")
    say "building $list (log: $LOGS/build.log) ..."
    if ! (cd "$ROOT" && "$MVN" -B "${MVN_ARGS[@]+"${MVN_ARGS[@]}"}" -DskipTests package -pl "$list" -am) >"$LOGS/build.log" 2>&1; then
        tail -n 60 "$LOGS/build.log" >&2
        die "the build failed; full log in $LOGS/build.log"
    fi
}

# --- tools fetched through Maven: Kafka jars, PostgreSQL binaries, LocalTools -----------------------------------
copy_dependencies() {   # pom outputdir [extra maven args...]
    local pom=$1 out=$2
    shift 2
    [[ -f $out/.complete ]] && return 0
    rm -rf "$out.tmp"
    if ! "$MVN" -B -q "${MVN_ARGS[@]+"${MVN_ARGS[@]}"}" -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$out.tmp" "$@" >"$LOGS/tools.log" 2>&1; then
        cat "$LOGS/tools.log" >&2
        die "could not fetch the jars of $pom"
    fi
    rm -rf "$out"
    mv "$out.tmp" "$out"
    touch "$out/.complete"
}

pg_arch() {
    case $(uname -m) in
        x86_64 | amd64) echo amd64 ;;
        aarch64 | arm64) echo arm64v8 ;;
        *) die "no embedded PostgreSQL binaries for $(uname -m); set PG_HOST to use your own server" ;;
    esac
}

prepare_tools() {
    copy_dependencies "$HERE/tools/support.pom.xml" "$TOOLS/lib" -Dpg.arch="$(pg_arch)"
    # common's PemKeys writes the key pair: the jar the gateway runs with
    COMMON_JAR=$(ls "$ROOT"/gateway/target/quarkus-app/lib/main/org.slidescore.common-*.jar 2>/dev/null | head -n 1)
    [[ -n $COMMON_JAR ]] || die "no common jar in gateway/target/quarkus-app/lib/main; build the project first"
    local classes=$TOOLS/classes src=$HERE/tools/LocalTools.java
    if [[ ! -f $classes/LocalTools.class || $src -nt $classes/LocalTools.class ]]; then
        mkdir -p "$classes"
        javac -nowarn -d "$classes" -cp "$TOOLS/lib/*:$COMMON_JAR" "$src" || die "could not compile $src"
    fi
}

local_tools() { java -cp "$TOOLS/classes:$TOOLS/lib/*:$COMMON_JAR" LocalTools "$@"; }

# --- PostgreSQL ------------------------------------------------------------------------------------------------
# PostgreSQL refuses to run as root. As root it runs in a new user namespace, where it is not root (as zonky's
# embedded-postgres does); where user namespaces are not allowed (some containers) it runs as an unprivileged
# account (SLIDESCORE_PG_OS_USER, default nobody) that then owns the data directory.
pg_run_mode() {
    if [[ $(id -u) != 0 ]]; then
        echo direct
    elif [[ ${SLIDESCORE_PG_RUN_AS:-} != runuser ]] && unshare -U true 2>/dev/null; then
        echo unshare
    elif command -v runuser >/dev/null 2>&1; then
        echo runuser
    else
        die "PostgreSQL cannot run as root, and neither 'unshare -U' nor 'runuser' works here; run as another user or set PG_HOST"
    fi
}

as_pg_user() {
    case $PG_RUN_MODE in
        direct) "$@" ;;
        unshare) unshare -U "$@" ;;
        runuser) runuser -u "${SLIDESCORE_PG_OS_USER:-nobody}" -- "$@" ;;
    esac
}

# Files the server itself writes must belong to the account it runs as.
give_to_pg_user() {
    [[ $PG_RUN_MODE == runuser ]] || return 0
    chown -R "${SLIDESCORE_PG_OS_USER:-nobody}" "$@"
}

generate_secret() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c "${1:-24}" || true; }

start_postgres() {
    local pg=$STATE/pg data=$STATE/pgdata
    if [[ ! -x $pg/bin/postgres ]]; then
        local jar
        jar=$(ls "$TOOLS"/lib/embedded-postgres-binaries-linux-*.jar 2>/dev/null | head -n 1)
        [[ -n $jar ]] || die "the PostgreSQL binaries jar is missing in $TOOLS/lib"
        rm -rf "$pg"
        local_tools unpack-postgres "$jar" "$pg"
    fi
    PG_USER_EFFECTIVE=${PG_USER:-slidescore}
    if [[ ! -f $STATE/pg-password ]]; then
        (umask 077 && printf '%s' "${PG_PASSWORD:-$(generate_secret 24)}" >"$STATE/pg-password")
    fi
    PG_PASSWORD_EFFECTIVE=$(cat "$STATE/pg-password")
    PG_RUN_MODE=$(pg_run_mode)
    if [[ ! -f $data/PG_VERSION ]]; then
        say "initialising PostgreSQL in $data"
        rm -rf "$data"
        mkdir -p "$data"
        chmod 700 "$data"
        local pwfile=$data.pwfile
        (umask 077 && cp "$STATE/pg-password" "$pwfile")
        give_to_pg_user "$data" "$pwfile"
        as_pg_user "$pg/bin/initdb" -D "$data" -U "$PG_USER_EFFECTIVE" --pwfile="$pwfile" \
            -A scram-sha-256 -E UTF8 --no-locale >"$LOGS/postgres-initdb.log" 2>&1 ||
            { rm -f "$pwfile"; cat "$LOGS/postgres-initdb.log" >&2; die "initdb failed"; }
        rm -f "$pwfile"
    fi
    touch "$LOGS/postgres.log"
    give_to_pg_user "$data" "$LOGS/postgres.log"
    if [[ -f $data/postmaster.pid ]] && ours "$(head -n 1 "$data/postmaster.pid")"; then
        head -n 1 "$data/postmaster.pid" >"$PIDS/postgres.pid"
        say "PostgreSQL already running (pid $(cat "$PIDS/postgres.pid"), port $DB_PORT)"
        return
    fi
    say "starting PostgreSQL on 127.0.0.1:$DB_PORT"
    # Unix sockets off: the state path may be longer than a socket path may be.
    if ! as_pg_user "$pg/bin/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -w -t 60 \
            -o "-p $DB_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start \
            </dev/null >"$LOGS/postgres-ctl.log" 2>&1 9>&-; then
        cat "$LOGS/postgres-ctl.log" >&2
        log_tail postgres
        die "PostgreSQL did not start"
    fi
    head -n 1 "$data/postmaster.pid" >"$PIDS/postgres.pid"
}

# --- Kafka -----------------------------------------------------------------------------------------------------
start_kafka() {
    local home=$STATE/kafka
    copy_dependencies "$HERE/tools/kafka.pom.xml" "$TOOLS/kafka-libs"
    mkdir -p "$home"
    if running kafka; then
        say "Kafka already running (pid $(recorded_pid kafka), port $KAFKA_PORT)"
        return
    fi
    local controller=$((KAFKA_PORT + 1))
    cat >"$home/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$home/data
num.partitions=1
auto.create.topics.enable=true
# topics are auto-created here, so the broker-wide limit stands in for study-changed's max.message.bytes
# (deploy/compose/topics.txt): whole study snapshots, compressed by the outbox relay, up to 16 MiB
message.max.bytes=16777216
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
    cat >"$home/log4j2.properties" <<'EOF'
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=WARN
logger.apache.name=org.apache.kafka
logger.apache.level=WARN
logger.server.name=kafka.server.KafkaRaftServer
logger.server.level=INFO
EOF
    local cp="$TOOLS/kafka-libs/*"
    if [[ ! -f $home/data/meta.properties ]]; then
        local cid
        cid=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log")
        java -cp "$cp" -Dlog4j2.configurationFile="$home/log4j2.properties" kafka.tools.StorageTool format \
            -t "$cid" -c "$home/server.properties" >>"$LOGS/kafka.log" 2>&1 ||
            { log_tail kafka; die "could not format the Kafka storage"; }
    fi
    if port_open "$KAFKA_PORT"; then
        die "port $KAFKA_PORT is taken by another program; set SLIDESCORE_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS"
    fi
    say "starting Kafka on 127.0.0.1:$KAFKA_PORT"
    echo "=== $(date -u +%FT%TZ) start" >>"$LOGS/kafka.log"
    nohup java -Xms128m -Xmx512m -XX:+UseSerialGC -cp "$cp" -Dkafka.logs.dir="$home" \
        -Dlog4j2.configurationFile="$home/log4j2.properties" kafka.Kafka "$home/server.properties" \
        </dev/null >>"$LOGS/kafka.log" 2>&1 9>&- &
    echo $! >"$PIDS/kafka.pid"
    local deadline=$((SECONDS + 90))
    until port_open "$KAFKA_PORT"; do
        running kafka || { log_tail kafka; die "Kafka exited while starting"; }
        ((SECONDS < deadline)) || { log_tail kafka; die "Kafka did not open port $KAFKA_PORT within 90 s"; }
        sleep 0.5
    done
}

# --- secrets -----------------------------------------------------------------------------------------------------
prepare_secrets() {
    if [[ -z ${SLIDESCORE_JWT_PRIVATE_KEY_LOCATION:-} || -z ${SLIDESCORE_JWT_PUBLIC_KEY_LOCATION:-} ]]; then
        mkdir -p "$STATE/jwt"
        if [[ ! -f $STATE/jwt/private.pem || ! -f $STATE/jwt/public.pem ]]; then
            local_tools keygen "$STATE/jwt/private.pem" "$STATE/jwt/public.pem"
        fi
        JWT_PRIVATE=${SLIDESCORE_JWT_PRIVATE_KEY_LOCATION:-$STATE/jwt/private.pem}
        JWT_PUBLIC=${SLIDESCORE_JWT_PUBLIC_KEY_LOCATION:-$STATE/jwt/public.pem}
    else
        JWT_PRIVATE=$SLIDESCORE_JWT_PRIVATE_KEY_LOCATION
        JWT_PUBLIC=$SLIDESCORE_JWT_PUBLIC_KEY_LOCATION
    fi
    if [[ -n ${SLIDESCORE_ADMIN_PASSWORD:-} ]]; then
        ADMIN_PASSWORD=$SLIDESCORE_ADMIN_PASSWORD
        ADMIN_PASSWORD_SOURCE="from SLIDESCORE_ADMIN_PASSWORD"
    else
        if [[ ! -s $STATE/admin-password ]]; then
            (umask 077 && generate_secret 20 >"$STATE/admin-password")
        fi
        ADMIN_PASSWORD=$(cat "$STATE/admin-password")
        ADMIN_PASSWORD_SOURCE="stored in $STATE/admin-password"
    fi
    # tile links stay valid across restarts of tile-service only with a fixed secret
    if [[ -n ${SLIDESCORE_TILE_TOKEN_SECRET:-} ]]; then
        TILE_TOKEN_SECRET=$SLIDESCORE_TILE_TOKEN_SECRET
    else
        if [[ ! -s $STATE/tile-token-secret ]]; then
            (umask 077 && generate_secret 48 >"$STATE/tile-token-secret")
        fi
        TILE_TOKEN_SECRET=$(cat "$STATE/tile-token-secret")
    fi
    IMAGES_ROOT=${SLIDESCORE_IMAGES_ROOT:-$STATE/images}
    mkdir -p "$IMAGES_ROOT"
}

# --- services ----------------------------------------------------------------------------------------------------
start_services() {
    local i m port jar
    local -a urls=()
    for i in "${!MODULES[@]}"; do
        local upper
        upper=$(tr '[:lower:]' '[:upper:]' <<<"${NAMES[$i]}")
        urls+=("SLIDESCORE_${upper}_URL=http://127.0.0.1:$(service_port "$i")")
    done
    for i in "${!MODULES[@]}"; do
        m=${MODULES[$i]}
        port=$(service_port "$i")
        jar=$ROOT/$m/target/quarkus-app/quarkus-run.jar
        if running "$m"; then
            say "$m already running (pid $(recorded_pid "$m"), port $port)"
            continue
        fi
        if port_open "$port"; then
            die "port $port for $m is taken by another program; stop it or set SLIDESCORE_PORT_BASE"
        fi
        echo "=== $(date -u +%FT%TZ) start on port $port" >>"$LOGS/$m.log"
        # shellcheck disable=SC2086
        nohup env -u PG_DATABASE -u QUARKUS_HTTP_PORT "${urls[@]}" \
            SERVICE_PORT="$port" \
            PG_HOST="$PG_HOST_EFFECTIVE" PG_PORT="$DB_PORT" PG_USER="$PG_USER_EFFECTIVE" \
            PG_PASSWORD="$PG_PASSWORD_EFFECTIVE" \
            KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
            SLIDESCORE_IMAGES_ROOT="$IMAGES_ROOT" \
            SLIDESCORE_JWT_PUBLIC_KEY_LOCATION="$JWT_PUBLIC" \
            SLIDESCORE_JWT_PRIVATE_KEY_LOCATION="$JWT_PRIVATE" \
            SLIDESCORE_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
            SLIDESCORE_TILE_TOKEN_SECRET="$TILE_TOKEN_SECRET" \
            SLIDESCORE_LOG_JSON="${SLIDESCORE_LOG_JSON:-false}" \
            SLIDESCORE_PUBLIC_URL="${SLIDESCORE_PUBLIC_URL:-http://localhost:$PORT_BASE}" \
            QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT="${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-60S}" \
            java ${SLIDESCORE_JAVA_OPTS:--Xmx512m} -Dslidescore.local.state="$STATE" -jar "$jar" \
            </dev/null >>"$LOGS/$m.log" 2>&1 9>&- &
        echo $! >"$PIDS/$m.pid"
        say "started $m (pid $!, port $port)"
    done
}

wait_ready() {
    local timeout=${SLIDESCORE_START_TIMEOUT:-300}
    local deadline=$((SECONDS + timeout)) i m reply
    local -a pending=("${!MODULES[@]}")
    say "waiting for /q/health/ready of every service (up to $timeout s) ..."
    while ((${#pending[@]} > 0)); do
        local -a still=()
        for i in "${pending[@]}"; do
            m=${MODULES[$i]}
            if ! running "$m"; then
                say "$m exited while starting" >&2
                log_tail "$m"
                die "$m did not come up; run '$0 stop' to stop the rest"
            fi
            reply=$(http_get "$(service_port "$i")" /q/health/ready)
            if [[ $reply == "200 "*'"UP"'* ]]; then
                say "  $m ready"
            else
                still+=("$i")
                LAST_REPLY[$i]=$reply
            fi
        done
        pending=("${still[@]+"${still[@]}"}")
        ((${#pending[@]} > 0)) || break
        if ((SECONDS >= deadline)); then
            for i in "${pending[@]}"; do
                say "${MODULES[$i]} not ready after $timeout s; last health answer: ${LAST_REPLY[$i]:-none}" >&2
                log_tail "${MODULES[$i]}"
            done
            die "not every service came up; run '$0 stop' to stop the rest"
        fi
        sleep 1
    done
}

start() {
    exec 9>"$STATE/.lock"
    flock -n 9 || die "another run.sh is working on $STATE"
    mkdir -p "$LOGS" "$PIDS" "$TOOLS"
    load_settings
    command -v java >/dev/null || die "java is not on the PATH (JDK 17 needed)"
    build
    prepare_tools
    if [[ -n $EXTERNAL_PG ]]; then
        PG_HOST_EFFECTIVE=$EXTERNAL_PG
        PG_USER_EFFECTIVE=${PG_USER:-slidescore}
        PG_PASSWORD_EFFECTIVE=${PG_PASSWORD:-slidescore}
        say "using PostgreSQL at $PG_HOST_EFFECTIVE:$DB_PORT"
    else
        PG_HOST_EFFECTIVE=127.0.0.1
        start_postgres
    fi
    PG_PASSWORD="$PG_PASSWORD_EFFECTIVE" local_tools create-databases "$PG_HOST_EFFECTIVE" "$DB_PORT" \
        "$PG_USER_EFFECTIVE" "${NAMES[@]}"
    if [[ -n $EXTERNAL_KAFKA ]]; then
        BOOTSTRAP=$EXTERNAL_KAFKA
        say "using Kafka at $BOOTSTRAP"
    else
        start_kafka
        BOOTSTRAP=127.0.0.1:$KAFKA_PORT
    fi
    save_settings
    prepare_secrets
    start_services
    declare -gA LAST_REPLY=()
    wait_ready
    say ""
    say "Slide Score platform is up."
    say "  gateway:        http://localhost:$PORT_BASE"
    say "  admin:          user admin, password $ADMIN_PASSWORD ($ADMIN_PASSWORD_SOURCE)"
    say "                  HTTP Basic on http://localhost:$PORT_BASE/Admin/ (token page, POST /Admin/CreateToken)"
    say "  logs:           $LOGS"
    say "  stop with:      $0 stop"
}

# --- stop ----------------------------------------------------------------------------------------------------
children_of() {   # direct children of a PID, from /proc
    local parent=$1 stat
    for stat in /proc/[0-9]*/stat; do
        read -r -a f 2>/dev/null <"$stat" || continue
        # field 4 is the parent PID; the command name (field 2) has no spaces for the processes we look at
        if [[ ${f[3]:-} == "$parent" ]]; then echo "${f[0]}"; fi
    done
    return 0
}

stop() {
    load_settings recorded
    local -a parts=() pids=()
    local i part pid
    for ((i = ${#MODULES[@]} - 1; i >= 0; i--)); do parts+=("${MODULES[$i]}"); done
    parts+=(kafka postgres)
    for part in "${parts[@]}"; do
        pid=$(recorded_pid "$part")
        if ours "$pid"; then
            if [[ $part == postgres ]]; then
                pids+=("$pid" $(children_of "$pid"))
                kill -INT "$pid" 2>/dev/null || true   # fast shutdown
            else
                pids+=("$pid")
                kill -TERM "$pid" 2>/dev/null || true
            fi
            say "stopping $part (pid $pid)"
        fi
        rm -f "$PIDS/$part.pid"
    done
    local deadline=$((SECONDS + ${SLIDESCORE_STOP_TIMEOUT:-30}))
    local -a left
    while :; do
        left=()
        for pid in "${pids[@]+"${pids[@]}"}"; do
            kill -0 "$pid" 2>/dev/null && left+=("$pid")
        done
        ((${#left[@]} == 0)) && break
        if ((SECONDS >= deadline)); then
            say "killing what did not stop: ${left[*]}"
            kill -9 "${left[@]}" 2>/dev/null || true
            break
        fi
        sleep 0.5
    done
    say "stopped"
}

# --- status ----------------------------------------------------------------------------------------------------
row() { printf '%-21s %-9s %s\n' "$1" "$2" "${3:-}"; }

status() {
    [[ -f $STATE/run.env ]] || { say "not started (no $STATE/run.env)"; return 1; }
    load_settings recorded
    local ok=0 i m reply pid url
    if [[ -n $EXTERNAL_PG ]]; then
        row postgres external "$EXTERNAL_PG:$DB_PORT"
    elif running postgres; then
        row postgres running "pid $(recorded_pid postgres)  127.0.0.1:$DB_PORT"
    else
        row postgres stopped; ok=1
    fi
    if [[ -n $EXTERNAL_KAFKA ]]; then
        row kafka external "$EXTERNAL_KAFKA"
    elif running kafka; then
        row kafka running "pid $(recorded_pid kafka)  127.0.0.1:$KAFKA_PORT"
    else
        row kafka stopped; ok=1
    fi
    for i in "${!MODULES[@]}"; do
        m=${MODULES[$i]}
        if running "$m"; then
            pid=$(recorded_pid "$m")
            url=http://127.0.0.1:$(service_port "$i")
            reply=$(http_get "$(service_port "$i")" /q/health/ready)
            if [[ $reply == "200 "*'"UP"'* ]]; then
                row "$m" running "pid $pid  $url  ready"
            else
                row "$m" running "pid $pid  $url  NOT READY (health answer ${reply%% *})"
                ok=1
            fi
        else
            row "$m" stopped; ok=1
        fi
    done
    return $ok
}

case ${1:-start} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (start, stop or status)" ;;
esac
