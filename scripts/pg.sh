#!/usr/bin/env bash
# Private PostgreSQL cluster for VPS Portal under $VAR.
#   scripts/pg.sh start    initdb on first use, start (idempotent), create database vps_portal
#   scripts/pg.sh stop     fast shutdown (harmless when not running)
#   scripts/pg.sh status   exit 0 when running, 3 when not
# Data $VAR/pgdata, socket dir $VAR/run/pg, port $PGPORT (VPS_PG_PORT), 127.0.0.1 only,
# log $VAR/log/postgresql.log. VPS_PG_FAST=1 trades durability for speed (tests).
# VPS_PG_ARCHIVE_DIR: archive every WAL segment there (point-in-time restore, scripts/ops/pg-backup.sh).
# VPS_PG_LISTEN: TCP listen address (default 127.0.0.1; empty = unix socket only, which
# make test uses: the ports lie in the kernel's ephemeral range, and a client connection
# in TIME_WAIT on the same port would make a restart fail).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BINDIR="$(pg_bindir)"
[[ -n "$BINDIR" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/install-deps.sh)"
PG_LOG="$VAR/log/postgresql.log"

is_root() { [[ "$(id -u)" == 0 ]]; }

pg_running() {
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] || return 1
    as_pg "$BINDIR/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

prepare_dirs() {
    mkdir -p "$VAR/log" "$VAR/run" "$PG_SOCKDIR" "$PGDATA_DIR"
    touch "$PG_LOG"
    if is_root; then
        # The postgres user must reach its directories through $VAR.
        chmod o+x "$VAR" "$VAR/run" "$VAR/log"
        chown postgres: "$PG_SOCKDIR" "$PGDATA_DIR" "$PG_LOG"
        as_pg test -w "$PGDATA_DIR" ||
            die "user postgres cannot reach $PGDATA_DIR: give the parent directories o+x or set VPS_VAR elsewhere"
    fi
    chmod 700 "$PGDATA_DIR"
    chmod 755 "$PG_SOCKDIR"
    if [[ -n "${VPS_PG_ARCHIVE_DIR:-}" ]]; then
        mkdir -p "$VPS_PG_ARCHIVE_DIR"
        if is_root; then chown postgres: "$VPS_PG_ARCHIVE_DIR"; fi
    fi
}

init_cluster() {
    log "initdb in $PGDATA_DIR"
    as_pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U vps --auth=trust -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1 ||
        as_pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U vps --auth=trust -E UTF8 --locale=C >>"$PG_LOG" 2>&1 ||
        { show_tail "$PG_LOG"; die "initdb failed"; }
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF

# --- VPS Portal ---
max_connections = 200
shared_buffers = 128MB
# port, socket directory and durability are rewritten at every start:
include_if_exists = 'vps-portal-runtime.conf'
CONF
}

write_runtime_conf() {
    local conf="$PGDATA_DIR/vps-portal-runtime.conf"
    {
        echo "# written by scripts/pg.sh at every start"
        echo "port = $PGPORT"
        echo "listen_addresses = '${VPS_PG_LISTEN-127.0.0.1}'"
        echo "unix_socket_directories = '$PG_SOCKDIR'"
        # A client cut off by the network keeps its session (and a job runner's advisory lock)
        # until the server notices: about 20 s, well after the client gave up (tcp_user_timeout,
        # docs/operations.md), so the runner has stopped before its jobs can be requeued.
        echo "tcp_keepalives_idle = 10"
        echo "tcp_keepalives_interval = 5"
        echo "tcp_keepalives_count = 3"
        # A host that vanishes mid-transaction leaves an answer unacknowledged, and keepalives do not
        # run while data is in flight: without this the kernel retries for ~15 min, and the session
        # keeps its row locks (every order of that product waits). Tests/ops/test_topology.py.
        echo "tcp_user_timeout = 20000"
        if [[ -n "${VPS_PG_ARCHIVE_DIR:-}" ]]; then
            # WAL archive for point-in-time restores (scripts/ops/pg-backup.sh); never overwrites a segment.
            echo "archive_mode = on"
            echo "archive_command = 'test ! -f $VPS_PG_ARCHIVE_DIR/%f && cp %p $VPS_PG_ARCHIVE_DIR/%f'"
            echo "archive_timeout = 60"
        fi
        if [[ "${VPS_PG_FAST:-0}" == 1 ]]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >"$conf"
    if is_root; then chown postgres: "$conf"; fi
}

psql_q() {
    "$BINDIR/psql" -X -q -h "$PG_SOCKDIR" -p "$PGPORT" -U vps "$@"
}

ensure_database() {
    local exists
    exists="$(psql_q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'vps_portal'")"
    if [[ "$exists" != 1 ]]; then
        log "creating database vps_portal"
        psql_q -d postgres -c "CREATE DATABASE vps_portal"
    fi
}

cmd_start() {
    prepare_dirs
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] || init_cluster
    if pg_running; then
        log "PostgreSQL already running (port $PGPORT, socket $PG_SOCKDIR)"
    else
        write_runtime_conf
        log "starting PostgreSQL on 127.0.0.1:$PGPORT (socket $PG_SOCKDIR${VPS_PG_FAST:+, VPS_PG_FAST=$VPS_PG_FAST})"
        if ! as_pg "$BINDIR/pg_ctl" start -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 >/dev/null; then
            show_tail "$PG_LOG"
            if tail -n 20 "$PG_LOG" | grep -q 'Address already in use'; then
                log "port $PGPORT is taken (another server, or a client connection's ephemeral port" \
                    "in TIME_WAIT): choose another VPS_PG_PORT, or VPS_PG_LISTEN= for unix socket only"
            fi
            die "PostgreSQL did not start"
        fi
    fi
    ensure_database
    log "database: $DATABASE_URL"
}

cmd_stop() {
    if pg_running; then
        log "stopping PostgreSQL ($PGDATA_DIR)"
        as_pg "$BINDIR/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >/dev/null
    else
        log "PostgreSQL not running"
    fi
}

cmd_status() {
    if pg_running; then
        echo "PostgreSQL running: $DATABASE_URL"
    else
        echo "PostgreSQL not running ($PGDATA_DIR)"
        exit 3
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
