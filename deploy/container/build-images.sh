#!/usr/bin/env bash
# Builds the six service images (JVM mode) into the local Docker daemon with Quarkus' Jib extension:
#   slidescore/<module>:<version>   (override with IMAGE_GROUP, IMAGE_TAG; PUSH=true pushes to IMAGE_REGISTRY instead)
# tile-service is layered on slidescore/tile-base (deploy/container/tile-base/Dockerfile: Debian bookworm with
# openjdk-17-jre-headless, libopenslide0, libturbojpeg0), the others on Quarkus' default UBI 9 OpenJDK 17 runtime.
# A plain `mvn verify` never builds images (quarkus.container-image.build=false in common).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GROUP=${IMAGE_GROUP:-slidescore}
TAG=${IMAGE_TAG:-$(cd "$ROOT" && mvn -B -q help:evaluate -Dexpression=project.version -DforceStdout -N)}
PUSH=${PUSH:-false}
REGISTRY=${IMAGE_REGISTRY:-}
TILE_BASE=${TILE_BASE_IMAGE:-$GROUP/tile-base:bookworm-17}

common_args=(-B -DskipTests -Dquarkus.container-image.build=true -Dquarkus.container-image.push="$PUSH"
    -Dquarkus.container-image.group="$GROUP" -Dquarkus.container-image.tag="$TAG")
[[ -z $REGISTRY ]] || common_args+=(-Dquarkus.container-image.registry="$REGISTRY")

cd "$ROOT"
docker build -t "$TILE_BASE" deploy/container/tile-base
if [[ $PUSH == true ]]; then
    docker push "$TILE_BASE"
    base=$TILE_BASE
else
    base=docker://$TILE_BASE    # Jib reads the base from the local daemon
fi
mvn "${common_args[@]}" package -am -pl gateway,upload-service,study-service,scoring-service,notification-service
mvn "${common_args[@]}" -Dquarkus.jib.base-jvm-image="$base" package -pl tile-service
docker image ls "$GROUP/*"
