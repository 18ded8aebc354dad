#!/usr/bin/env bash
# make run: starts everything (scripts/start.sh), then follows the server log in the
# foreground. Ctrl-C stops everything (scripts/stop.sh) and exits 0.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tail_pid=""
on_signal() {
    trap - INT TERM
    echo
    log "stopping"
    if [[ -n "$tail_pid" ]]; then kill "$tail_pid" 2>/dev/null || true; fi
    "$ROOT/scripts/stop.sh" || true
    exit 0
}
trap on_signal INT TERM

"$ROOT/scripts/start.sh"
echo
log "following $VAR/log/serve.log — press Ctrl-C to stop"
tail -n 20 -F "$VAR/log/serve.log" &
tail_pid=$!
wait "$tail_pid" || true
# tail ended on its own (it should not): stop the stack anyway.
"$ROOT/scripts/stop.sh"
