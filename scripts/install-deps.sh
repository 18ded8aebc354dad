#!/usr/bin/env bash
# Installs the system packages VPS Portal needs, but only those that are missing.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also chromium, chromium-driver, wrk, iproute2 (ss), openssl and systemd (deploy test), selenium, pytest, openapi-spec-validator, schemathesis
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_test=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        *) die "unknown argument: $arg (usage: install-deps.sh [--test])" ;;
    esac
done

packages=(libfcgi-dev libpq-dev libssl-dev libargon2-dev libqrencode-dev libcmark-dev postgresql nginx curl)
if ((with_test)); then
    packages+=(chromium chromium-driver wrk iproute2 openssl systemd)
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
    sudo_cmd=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "missing packages (${missing[*]}) and not root; install them or run as root"
        sudo_cmd=(sudo)
    fi
    log "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -q
    "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    log "system packages present: ${packages[*]}"
fi

pip_install() {
    log "pip install $*"
    export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
    if ! python3 -m pip install -q "$@"; then
        # Debian's own python3 is "externally managed" (PEP 668).
        python3 -m pip install -q --break-system-packages "$@"
    fi
}

if ((with_test)); then
    command -v python3 >/dev/null || die "python3 is required for the system and browser tests"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        log "installing python3-pip"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pip
    fi
    if python3 -c 'import selenium' 2>/dev/null; then
        log "python selenium present"
    else
        pip_install selenium
    fi
    if python3 -c 'import pytest' 2>/dev/null; then
        log "python pytest present"
    else
        pip_install pytest
    fi
    # The API contract tests (Tests/system/test_openapi.py); majors pinned, their APIs change between majors.
    if python3 -c 'import openapi_spec_validator' 2>/dev/null; then
        log "python openapi-spec-validator present"
    else
        pip_install 'openapi-spec-validator>=0.7,<1'
    fi
    if python3 -c 'import schemathesis, sys; sys.exit(0 if schemathesis.__version__.startswith("4.") else 1)' 2>/dev/null; then
        log "python schemathesis 4 present"
    else
        pip_install 'schemathesis>=4,<5'
    fi
fi
