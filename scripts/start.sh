#!/usr/bin/env bash
# make start: installs what is missing, builds, starts PostgreSQL, migrates, seeds once,
# starts `vpsctl serve` and nginx in the background, waits for /health.
# Running it again while everything runs is harmless.
#   VPS_VAR (default var/), PORT (8080), VPS_PG_PORT (54320), VPS_WORKERS (2),
#   VPS_THREADS (8), VPS_SKIP_BUILD=1, VPS_LOGIN_RATE (10r/s), VPS_LOGIN_BURST (20),
#   VPS_SWAGGER_UI_PREFIX (where install-deps put swagger-ui-py; see lib.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install-deps.sh"

if [[ "${VPS_SKIP_BUILD:-0}" == 1 ]]; then
    log "VPS_SKIP_BUILD=1: not building"
else
    log "building: swift build -c release --product vpsctl"
    swift build -c release --product vpsctl
fi
[[ -x "$BIN" ]] || die "$BIN not found; build it with: swift build -c release --product vpsctl"

mkdir -p "$VAR/log" "$VAR/run" "$VAR/nginx"
# nginx workers (nobody) must reach the socket in $VAR/run.
chmod o+x "$VAR" "$VAR/run"

"$ROOT/scripts/pg.sh" start

KEY_FILE="$VAR/secret.key"
if [[ ! -s "$KEY_FILE" ]]; then
    log "creating $KEY_FILE"
    (umask 077 && head -c 32 /dev/urandom >"$KEY_FILE")
fi
chmod 600 "$KEY_FILE"

cat >"$VAR/portal.env" <<ENV
VPS_DATABASE_URL=$DATABASE_URL
VPS_SOCKET=$SOCKET
VPS_WORKERS=${VPS_WORKERS:-2}
VPS_THREADS=${VPS_THREADS:-8}
VPS_SECRET_KEY_FILE=$KEY_FILE
VPS_MODULES_DIR=${VPS_MODULES_DIR:-$ROOT/modules}
VPS_TEMPLATES_DIR=$ROOT/templates
VPS_BASE_URL=http://127.0.0.1:$PORT
ENV
load_env_file "$VAR/portal.env"

log "migrating"
"$BIN" migrate || die "vpsctl migrate failed"

# The demo payment gateway is for local stacks (make run, make test) only: enabled here, in this
# script, never by a migration or a production deploy. VPS_DEMO_PAYMENTS=0 leaves it as it is.
if [[ "${VPS_DEMO_PAYMENTS:-1}" == 1 ]]; then
    log "enabling the demo payment gateway (local stack)"
    "$BIN" payments enable-demo || die "vpsctl payments enable-demo failed"
fi

# Seed once, when the binary has a `seed` subcommand (argument-parser answers
# `vpsctl seed --help` with the top-level help even when there is none, so look at that).
has_seed() {
    "$BIN" seed --help >/dev/null 2>&1 &&
        "$BIN" --help 2>/dev/null | grep -Eq '^[[:space:]]+seed([[:space:]]|$)'
}
if [[ ! -f "$VAR/.seeded" ]] && has_seed; then
    log "seeding demo data"
    "$BIN" seed || die "vpsctl seed failed"
    touch "$VAR/.seeded"
fi

already=0

serve_pid="$(read_pid "$SERVE_PIDFILE")"
if is_vpsctl "$serve_pid"; then
    log "vpsctl serve already running (pid $serve_pid)"
    already=$((already + 1))
else
    rm -f "$SOCKET"
    log "starting vpsctl serve (log $VAR/log/serve.log)"
    (exec setsid "$BIN" serve >>"$VAR/log/serve.log" 2>&1 </dev/null) &
    serve_pid=$!
    echo "$serve_pid" >"$SERVE_PIDFILE"
fi

deadline=$((SECONDS + 30))
until [[ -S "$SOCKET" ]]; do
    if ! pid_alive "$serve_pid"; then
        show_tail "$VAR/log/serve.log"
        die "vpsctl serve exited before creating $SOCKET"
    fi
    if ((SECONDS >= deadline)); then
        show_tail "$VAR/log/serve.log"
        die "vpsctl serve did not create $SOCKET within 30 s"
    fi
    sleep 0.1
done

nginx_pid="$(read_pid "$NGINX_PIDFILE")"
if is_nginx "$nginx_pid"; then
    log "nginx already running (pid $nginx_pid)"
    already=$((already + 1))
else
    [[ -f "$SWAGGER_UI_DIR/swagger-ui-bundle.js" ]] ||
        die "Swagger UI is not installed in $SWAGGER_UI_DIR (/docs/try needs it); run scripts/install-deps.sh"
    sed -e "s|@ROOT@|$ROOT|g" \
        -e "s|@SWAGGER_UI@|$SWAGGER_UI_DIR|g" \
        -e "s|@VAR@|$VAR|g" \
        -e "s|@PORT@|$PORT|g" \
        -e "s|@SOCKET@|$SOCKET|g" \
        -e "s|@LOGIN_RATE@|${VPS_LOGIN_RATE:-10r/s}|g" \
        -e "s|@LOGIN_BURST@|${VPS_LOGIN_BURST:-20}|g" \
        "$ROOT/nginx/local.conf.in" >"$NGINX_CONF"
    log "starting nginx on 127.0.0.1:$PORT"
    nginx -p "$VAR/nginx" -c "$NGINX_CONF" -e "$VAR/log/nginx-error.log" ||
        { show_tail "$VAR/log/nginx-error.log"; die "nginx did not start"; }
fi

URL="http://127.0.0.1:$PORT"
if ! wait_for_http "$URL/health" 30; then
    curl -sS -i --max-time 2 "$URL/health" >&2 || true
    show_tail "$VAR/log/serve.log"
    show_tail "$VAR/log/nginx-error.log" 20
    die "$URL/health did not answer 200 within 30 s"
fi

if ((already == 2)); then
    log "already running"
fi
echo
echo "VPS Portal is running at $URL  (state in $VAR, stop with: make stop)"
if [[ -f "$VAR/demo-logins.txt" ]]; then
    echo
    cat "$VAR/demo-logins.txt"
fi
