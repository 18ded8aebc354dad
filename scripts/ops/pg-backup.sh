#!/usr/bin/env bash
# Base backups plus a WAL archive, and point-in-time restores from them.
# The cluster archives its WAL when started with VPS_PG_ARCHIVE_DIR set (scripts/pg.sh).
#
#   VPS_VAR=… VPS_PG_PORT=… scripts/ops/pg-backup.sh base BACKUP_DIR
#       pg_basebackup of the running cluster as two tar.gz files (data, and the WAL written
#       meanwhile) into BACKUP_DIR/base-<UTC time>/; prints that directory.
#   VPS_VAR=NEW VPS_PG_PORT=… scripts/ops/pg-backup.sh restore BASE_DIR ARCHIVE_DIR ['YYYY-MM-DD HH:MM:SS+00']
#       a fresh cluster in the empty VPS_VAR from BASE_DIR, replaying archived WAL up to the
#       time given (recovery_target_time; default: all of it), then promoted and started.
# Runs PostgreSQL's tools as the postgres user when called as root, like scripts/pg.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BINDIR="$(pg_bindir)"
[[ -n "$BINDIR" ]] || die "PostgreSQL server binaries not found (run scripts/install-deps.sh)"

owned_by_postgres() {
    if [[ "$(id -u)" == 0 ]]; then chown -R postgres: "$@"; fi
}

cmd_base() {
    local backups="${1:?usage: base BACKUP_DIR}" target
    target="$backups/base-$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$target"
    owned_by_postgres "$target"
    log "base backup of $DATABASE_URL into $target"
    as_pg "$BINDIR/pg_basebackup" -d "host=$PG_SOCKDIR port=$PGPORT user=vps" -D "$target" -Ft -z -X fetch -c fast ||
        die "pg_basebackup failed"
    echo "$target"
}

cmd_restore() {
    local base="${1:?usage: restore BASE_DIR ARCHIVE_DIR [TARGET_TIME]}" archive="${2:?usage: restore BASE_DIR ARCHIVE_DIR [TARGET_TIME]}"
    local target_time="${3:-}"
    [[ -f "$base/base.tar.gz" ]] || die "$base has no base.tar.gz"
    [[ ! -f "$PGDATA_DIR/PG_VERSION" ]] || die "$PGDATA_DIR is not empty; restore into a fresh VPS_VAR"
    mkdir -p "$PGDATA_DIR" "$VAR/log"
    chmod 700 "$PGDATA_DIR"
    tar -xzf "$base/base.tar.gz" -C "$PGDATA_DIR"
    if [[ -f "$base/pg_wal.tar.gz" ]]; then tar -xzf "$base/pg_wal.tar.gz" -C "$PGDATA_DIR/pg_wal"; fi
    # The restored cluster must not archive into the archive it restores from, nor wait for a standby.
    {
        echo "# written by scripts/ops/pg-backup.sh restore"
        echo "restore_command = 'cp $archive/%f %p'"
        if [[ -n "$target_time" ]]; then echo "recovery_target_time = '$target_time'"; fi
        echo "recovery_target_action = 'promote'"
        echo "archive_mode = off"
        echo "synchronous_standby_names = ''"
    } >>"$PGDATA_DIR/postgresql.auto.conf"
    rm -f "$PGDATA_DIR/standby.signal"
    touch "$PGDATA_DIR/recovery.signal"
    owned_by_postgres "$PGDATA_DIR"
    VPS_PG_ARCHIVE_DIR="" "$ROOT/scripts/pg.sh" start
    local deadline=$((SECONDS + 120))
    until [[ "$("$BINDIR/psql" -X -tA -h "$PG_SOCKDIR" -p "$PGPORT" -U vps -d postgres -c 'SELECT pg_is_in_recovery()')" == f ]]; do
        ((SECONDS < deadline)) || die "recovery did not finish within 120 s (see $VAR/log/postgresql.log)"
        sleep 0.2
    done
    log "restored ${target_time:+up to $target_time }and promoted: $DATABASE_URL"
}

case "${1:-}" in
    base) shift; cmd_base "$@" ;;
    restore) shift; cmd_restore "$@" ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
