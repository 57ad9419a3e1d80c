#!/usr/bin/env bash
# Creates the platform's Kafka topics (deploy/compose/topics.txt) and their dead-letter topics; run by the
# kafka-topics service of docker-compose.yml (apache/kafka image) before the services start. Idempotent.
set -euo pipefail
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
TOPICS_FILE=${TOPICS_FILE:-/topics.txt}
KT=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}
KC=${KAFKA_CONFIGS:-/opt/kafka/bin/kafka-configs.sh}
DLQ_RETENTION_MS=${DLQ_RETENTION_MS:-2592000000}   # 30 days

create() {   # name partitions [--config k=v ...]
    local name=$1 partitions=$2
    shift 2
    "$KT" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
        --partitions "$partitions" --replication-factor "${REPLICATION_FACTOR:-1}" "$@"
}

while read -r name partitions policy settings; do
    [[ -z ${name:-} || $name == \#* ]] && continue
    # optional key=value topic settings (e.g. max.message.bytes): the topic and its DLQ get them
    extra=()
    for kv in ${settings:-}; do
        extra+=(--config "$kv")
    done
    create "$name" "$partitions" --config "cleanup.policy=$policy" ${extra[@]+"${extra[@]}"}
    # an existing topic (e.g. auto-created by an older setup) gets its cleanup policy and settings too
    "$KC" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics \
        --entity-name "$name" --add-config "cleanup.policy=$policy"
    for kv in ${settings:-}; do
        "$KC" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$name" --add-config "$kv"
    done
    create "$name.dlq" 1 --config cleanup.policy=delete --config "retention.ms=$DLQ_RETENTION_MS" ${extra[@]+"${extra[@]}"}
    for kv in ${settings:-}; do
        "$KC" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$name.dlq" --add-config "$kv"
    done
done <"$TOPICS_FILE"
"$KT" --bootstrap-server "$BOOTSTRAP" --list
