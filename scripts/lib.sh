# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# Shared settings and helpers for the VPS Portal scripts. Source it, don't run it.
#
#   ROOT   repository root
#   VAR    state directory (VPS_VAR, default $ROOT/var)
#   PORT   nginx port on 127.0.0.1 (PORT, default 8080)
#   PGPORT private PostgreSQL port (VPS_PG_PORT, default 54320)
#   BIN    the release binary

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="${VPS_VAR:-$ROOT/var}"
mkdir -p "$VAR"
VAR="$(cd "$VAR" && pwd)"
PORT="${PORT:-8080}"
PGPORT="${VPS_PG_PORT:-54320}"
BIN="${VPS_BIN:-$ROOT/.build/release/vpsctl}"   # VPS_BIN: override for experiments

PG_SOCKDIR="$VAR/run/pg"
PGDATA_DIR="$VAR/pgdata"
DATABASE_URL="host=$PG_SOCKDIR port=$PGPORT dbname=vps_portal user=vps"
SOCKET="$VAR/run/vpsctl.sock"
SERVE_PIDFILE="$VAR/run/serve.pid"
NGINX_PIDFILE="$VAR/run/nginx.pid"
NGINX_CONF="$VAR/nginx/nginx.conf"
# Swagger UI for /docs/try: the pinned swagger-ui-py release from PyPI, installed on its own
# (pip --target, no dependencies, outside any home directory so nginx's workers can read it);
# nginx serves two files of its swagger_ui/static/ under /static/swagger-ui/. Production: the
# same command and directory (README, "Deploying behind nginx", step 1).
SWAGGER_UI_PY_VERSION=25.7.1
SWAGGER_UI_PREFIX="${VPS_SWAGGER_UI_PREFIX:-/usr/local/lib/vps-portal/swagger-ui}"
SWAGGER_UI_DIR="$SWAGGER_UI_PREFIX/swagger_ui/static"
export VPS_VAR="$VAR"

# The newest installed PostgreSQL server binaries (empty when none is installed).
pg_bindir() {
    # shellcheck disable=SC2012  # the glob yields plain version directories
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# log MESSAGE... : progress line on stderr, prefixed with the script name.
log() {
    printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

# pid_alive PID : true when PID names a live (non-zombie) process.
pid_alive() {
    local pid="${1:-}"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    local state
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    [[ "$state" != "Z" ]]
}

# read_pid FILE : prints the pid stored in FILE, or nothing.
read_pid() {
    if [[ -f "$1" ]]; then tr -dc '0-9' <"$1"; fi
}

# wait_for_http URL TIMEOUT_SECONDS : true once URL answers 200.
wait_for_http() {
    local url="$1" timeout="${2:-30}" deadline
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# as_pg CMD... : runs CMD as the postgres user when we are root (PostgreSQL refuses root).
as_pg() {
    if [[ "$(id -u)" == 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# show_tail FILE [LINES] : prints the end of a log file, if any.
show_tail() {
    local file="$1" lines="${2:-40}"
    if [[ -f "$file" ]]; then
        echo "----- last $lines lines of $file -----" >&2
        tail -n "$lines" "$file" >&2
        echo "-----" >&2
    fi
}

# load_env_file FILE : exports every KEY=VALUE line of FILE (value = rest of the line,
# taken literally, no quotes; blank lines and # comments are skipped).
load_env_file() {
    local line key
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ -z "$line" || "$line" == \#* || "$line" != *=* ]] && continue
        key="${line%%=*}"
        export "$key=${line#*=}"
    done <"$1"
}

# is_vpsctl PID : true when PID is a live vpsctl process (guards against pid reuse).
is_vpsctl() {
    pid_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q vpsctl
}

# is_nginx PID : true when PID is a live nginx process.
is_nginx() {
    pid_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q nginx
}
