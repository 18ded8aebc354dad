#!/usr/bin/env bash
# A streaming standby of the portal's PostgreSQL cluster, its promotion, and failing back.
# Every cluster is laid out as scripts/pg.sh lays out its own: VPS_VAR/pgdata, socket dir
# VPS_VAR/run/pg, port VPS_PG_PORT; this script starts and stops them through pg.sh.
#
#   VPS_VAR=/srv/standby VPS_PG_PORT=54321 scripts/ops/pg-standby.sh clone "host=/srv/primary/run/pg port=54320" [--sync]
#       pg_basebackup -R -X stream from the primary into an empty VPS_VAR, then start it as a
#       hot standby. --sync: the primary then waits for this standby at every commit
#       (synchronous_standby_names = '*'), so no acknowledged commit is lost on failover.
#   VPS_VAR=/srv/standby VPS_PG_PORT=54321 scripts/ops/pg-standby.sh promote
#       pg_ctl promote (waits until it accepts writes) and stops waiting for a standby of its own.
#   VPS_VAR=/srv/old-primary VPS_PG_PORT=54320 scripts/ops/pg-standby.sh rejoin "host=/srv/standby/run/pg port=54321" [--sync]
#       fail back, step 1: the stopped old primary is rebuilt as a standby of the new primary
#       (its data directory is moved aside to pgdata.old-DATE, then cloned afresh).
#   scripts/ops/pg-standby.sh status     prints primary / standby / stopped
# Runs PostgreSQL's tools as the postgres user when called as root, like scripts/pg.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BINDIR="$(pg_bindir)"
[[ -n "$BINDIR" ]] || die "PostgreSQL server binaries not found (run scripts/install-deps.sh)"

psql_local() {
    "$BINDIR/psql" -X -q -tA -h "$PG_SOCKDIR" -p "$PGPORT" -U vps -d postgres "$@"
}

psql_on() { # psql_on CONNINFO SQL
    "$BINDIR/psql" -X -q -tA -d "$1 user=vps dbname=postgres" -c "$2"
}

cmd_clone() {
    local from="${1:?usage: clone PRIMARY_CONNINFO [--sync]}" sync="${2:-}"
    if [[ -f "$PGDATA_DIR/PG_VERSION" ]]; then die "$PGDATA_DIR is not empty; a standby is cloned into an empty VPS_VAR"; fi
    mkdir -p "$VAR/log" "$VAR/run" "$PG_SOCKDIR" "$PGDATA_DIR"
    if [[ "$(id -u)" == 0 ]]; then
        chmod o+x "$VAR" "$VAR/run" "$VAR/log"
        chown postgres: "$PG_SOCKDIR" "$PGDATA_DIR" "$VAR/log"
    fi
    chmod 700 "$PGDATA_DIR"
    log "pg_basebackup from '$from' into $PGDATA_DIR"
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL needed meanwhile;
    # -c fast: an immediate checkpoint on the primary instead of waiting for the next one.
    as_pg "$BINDIR/pg_basebackup" -d "$from user=vps" -D "$PGDATA_DIR" -R -X stream -c fast ||
        die "pg_basebackup failed"
    # The copied vps-portal-runtime.conf names the primary's port and socket; pg.sh rewrites it.
    "$ROOT/scripts/pg.sh" start
    local deadline=$((SECONDS + 30))
    until [[ "$(psql_on "$from" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ]]; do
        ((SECONDS < deadline)) || die "the standby is not streaming after 30 s (see $VAR/log/postgresql.log)"
        sleep 0.2
    done
    log "standby streaming from '$from'"
    if [[ "$sync" == --sync ]]; then
        psql_on "$from" "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
        psql_on "$from" "SELECT pg_reload_conf()" >/dev/null
        log "the primary now waits for a standby at every commit (synchronous_standby_names = '*')"
    fi
}

cmd_promote() {
    [[ -f "$PGDATA_DIR/standby.signal" ]] || die "$PGDATA_DIR is not a standby"
    log "promoting $PGDATA_DIR"
    as_pg "$BINDIR/pg_ctl" promote -D "$PGDATA_DIR" -w -t 60 >/dev/null || die "pg_ctl promote failed"
    # The new primary has no standby yet: waiting for one would stop every commit.
    psql_local -c "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
    psql_local -c "SELECT pg_reload_conf()" >/dev/null
    log "promoted: $(cmd_status)"
}

cmd_rejoin() {
    local from="${1:?usage: rejoin NEW_PRIMARY_CONNINFO [--sync]}"
    "$ROOT/scripts/pg.sh" stop
    if [[ -d "$PGDATA_DIR" ]]; then
        local aside
        aside="$PGDATA_DIR.old-$(date -u +%Y%m%dT%H%M%S)"
        log "moving the old data directory aside to $aside"
        mv "$PGDATA_DIR" "$aside"
    fi
    cmd_clone "$@"
}

cmd_status() {
    if ! "$ROOT/scripts/pg.sh" status >/dev/null 2>&1; then echo stopped; return 0; fi
    if [[ "$(psql_local -c 'SELECT pg_is_in_recovery()')" == t ]]; then echo standby; else echo primary; fi
}

case "${1:-}" in
    clone) shift; cmd_clone "$@" ;;
    promote) cmd_promote ;;
    rejoin) shift; cmd_rejoin "$@" ;;
    status) cmd_status ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
esac
