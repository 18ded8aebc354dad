#!/usr/bin/env bash
# make test: the whole suite against a throwaway stack.
#   state in var/test (wiped first), nginx on 127.0.0.1:18080, PostgreSQL on 54330 (fsync off),
#   1. install-deps --test   2. start.sh   3. swift test   4. pytest Tests/system Tests/browser
# The stack is always stopped at the end; exits non-zero when any step failed.
#   VPS_SWIFT_TEST_ARGS   extra arguments for `swift test` (e.g. --filter X)
#   VPS_PYTEST_ARGS       what pytest runs instead of Tests/system Tests/browser (e.g. one file)
#   VPS_SKIP_SWIFT_TEST=1 skip step 3 (infra work only; reported as SKIPPED)
#   VPS_TEST_VAR          state dir instead of var/test (infra experiments)
#   VPS_TEST_PORT         nginx port instead of 18080 (two checkouts testing side by side)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VPS_VAR="${VPS_TEST_VAR:-$ROOT/var/test}"
export PORT="${VPS_TEST_PORT:-18080}" VPS_PG_PORT=54330 VPS_PG_FAST=1
# PostgreSQL on its unix socket only: the fault tests restart it after thousands of
# client connections, and one of their ephemeral ports may sit on 54330 in TIME_WAIT.
export VPS_PG_LISTEN=""
export PYTHONDONTWRITEBYTECODE=1
# The stack renders invoice PDFs only on download: its job runner would otherwise spend a core on
# Chromium for every invoice the tests issue. Tests/system/test_invoice_pdf_job.py runs a renderer of its own.
export VPS_PDF_THREADS="${VPS_PDF_THREADS:-0}"
# The stack's job runner trusts this CA for SMTP; Tests/system/test_smtp_delivery.py writes its own there.
export VPS_SMTP_CA_FILE="$VPS_VAR/smtp/ca.pem"

# Stop whatever an interrupted earlier run left behind, then start from nothing.
if [[ -d "$VPS_VAR" ]]; then
    "$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true
    rm -rf "$VPS_VAR"
fi
source "$ROOT/scripts/lib.sh"
cd "$ROOT" || exit 1

export VPS_TEST_BASE_URL="http://127.0.0.1:$PORT"
export VPS_TEST_DATABASE_URL="$DATABASE_URL"
export VPS_TEST_VAR="$VAR"
export VPS_TEST_ROOT="$ROOT"
# The stack's modules directory is a copy of modules/, so tests can add and remove modules.
export VPS_MODULES_DIR="$VAR/modules" VPS_TEST_MODULES_DIR="$VAR/modules"
mkdir -p "$VPS_MODULES_DIR"
if compgen -G "$ROOT/modules/*" >/dev/null; then cp -pR "$ROOT"/modules/* "$VPS_MODULES_DIR"/; fi

names=()
results=()
durations=()
failed=0

record() { # record NAME RESULT SECONDS
    names+=("$1"); results+=("$2"); durations+=("$3")
    [[ "$2" == FAIL ]] && failed=1
    return 0
}

# step NAME TIMEOUT CMD... : runs CMD under a timeout and records PASS/FAIL.
step() {
    local name="$1" limit="$2" started=$SECONDS rc
    shift 2
    echo
    echo "===== $name ====="
    timeout --kill-after=30 "$limit" "$@"
    rc=$?
    ((rc == 124)) && echo "***** $name: timed out after $limit s" >&2
    if ((rc == 0)); then record "$name" PASS $((SECONDS - started)); else record "$name" FAIL $((SECONDS - started)); fi
    return "$rc"
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
summary() {
    local rc=$? i
    trap - EXIT INT TERM
    echo
    echo "===== stopping the test stack ====="
    "$ROOT/scripts/stop.sh" || true
    ((rc != 0)) && failed=1
    if ((failed)); then
        show_tail "$VAR/log/serve.log" 30
        show_tail "$VAR/log/nginx-error.log" 10
    fi
    echo
    echo "===== make test summary ====="
    for i in "${!names[@]}"; do
        printf '  %-8s %-34s %5ss\n' "${results[$i]}" "${names[$i]}" "${durations[$i]}"
    done
    echo "  logs: $VAR/log/   screenshots: $(dirname "$VAR")/screenshots/"
    if ((failed)); then
        echo "  RESULT: FAILED"
        exit 1
    fi
    echo "  RESULT: ALL PASSED"
    exit 0
}
trap summary EXIT
trap 'exit 130' INT TERM

step "install-deps --test" 900 "$ROOT/scripts/install-deps.sh" --test || exit 1
step "start stack" 1500 "$ROOT/scripts/start.sh" || exit 1

if [[ "${VPS_SKIP_SWIFT_TEST:-0}" == 1 ]]; then
    record "swift test" SKIPPED 0
else
    # shellcheck disable=SC2086  # word splitting of the extra arguments is intended
    step "swift test" 1200 swift test ${VPS_SWIFT_TEST_ARGS:-}
fi

# shellcheck disable=SC2086  # word splitting of the arguments is intended
step "pytest Tests/system Tests/browser" 1500 \
    python3 -m pytest -q -p no:cacheprovider ${VPS_PYTEST_ARGS:-Tests/system Tests/browser}

exit "$failed"
