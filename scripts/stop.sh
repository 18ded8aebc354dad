#!/usr/bin/env bash
# make stop: stops nginx, vpsctl serve (graceful, up to 30 s) and PostgreSQL.
# Harmless when nothing runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# wait_gone PID SECONDS : true once PID has exited.
wait_gone() {
    local pid="$1" deadline=$((SECONDS + $2))
    while pid_alive "$pid"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

nginx_pid="$(read_pid "$NGINX_PIDFILE")"
if is_nginx "$nginx_pid"; then
    log "stopping nginx (pid $nginx_pid)"
    if [[ -f "$NGINX_CONF" ]]; then
        nginx -p "$VAR/nginx" -c "$NGINX_CONF" -e "$VAR/log/nginx-error.log" -s quit 2>/dev/null ||
            kill -TERM "$nginx_pid" 2>/dev/null || true
    else
        kill -TERM "$nginx_pid" 2>/dev/null || true
    fi
    if ! wait_gone "$nginx_pid" 10; then
        kill -TERM "$nginx_pid" 2>/dev/null || true
        wait_gone "$nginx_pid" 5 || kill -KILL "$nginx_pid" 2>/dev/null || true
    fi
else
    log "nginx not running"
fi
rm -f "$NGINX_PIDFILE"

serve_pid="$(read_pid "$SERVE_PIDFILE")"
if is_vpsctl "$serve_pid"; then
    log "stopping vpsctl serve (pid $serve_pid)"
    kill -TERM "$serve_pid" 2>/dev/null || true
    if ! wait_gone "$serve_pid" 30; then
        log "vpsctl serve still running after 30 s: killing its process group"
        kill -KILL -- "-$serve_pid" 2>/dev/null || kill -KILL "$serve_pid" 2>/dev/null || true
        wait_gone "$serve_pid" 5 || true
    fi
else
    log "vpsctl serve not running"
fi
rm -f "$SERVE_PIDFILE" "$SOCKET"

if [[ -n "$(pg_bindir)" ]]; then
    "$ROOT/scripts/pg.sh" stop
fi
