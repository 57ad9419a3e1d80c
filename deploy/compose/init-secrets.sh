#!/usr/bin/env bash
# Generates the secrets docker-compose.yml mounts, once, into deploy/compose/secrets/ (git-ignored):
#   jwt-private.pem, jwt-public.pem   RSA 2048 pair of the API tokens (PKCS#8 / X.509 PEM); the gateway signs,
#                                     every service verifies
#   admin-password                    the bootstrap admin password (HTTP Basic admin:<password>), or
#                                     $SLIDESCORE_ADMIN_PASSWORD when set
#   pg-password                       the PostgreSQL password of user slidescore
#   service.env                       PG_PASSWORD and SLIDESCORE_TILE_TOKEN_SECRET for the services (env_file)
# Existing files are kept. Needs openssl.
set -euo pipefail
DIR=${SECRETS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}
mkdir -p "$DIR"
chmod 700 "$DIR"
random() { openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c "$1"; }

if [[ ! -f $DIR/jwt-private.pem || ! -f $DIR/jwt-public.pem ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/jwt-private.pem"
    openssl pkey -in "$DIR/jwt-private.pem" -pubout -out "$DIR/jwt-public.pem"
fi
[[ -s $DIR/admin-password ]] || printf '%s\n' "${SLIDESCORE_ADMIN_PASSWORD:-$(random 20)}" >"$DIR/admin-password"
[[ -s $DIR/pg-password ]] || random 24 >"$DIR/pg-password"
if [[ ! -s $DIR/service.env ]]; then
    {
        printf 'PG_PASSWORD=%s\n' "$(cat "$DIR/pg-password")"
        printf 'SLIDESCORE_TILE_TOKEN_SECRET=%s\n' "$(random 48)"
    } >"$DIR/service.env"
fi
# Compose bind-mounts file secrets with their host permissions; the services run as uid 185, so the files must be
# readable inside the containers. The directory itself stays private to you on the host.
chmod 644 "$DIR"/*
echo "secrets in $DIR; admin password: $(cat "$DIR/admin-password")"
