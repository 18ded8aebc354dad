#!/usr/bin/env bash
# Installs the system packages VPS Portal needs, but only those that are missing.
#   scripts/install-deps.sh          build + run dependencies (chromium renders invoice PDFs), and Swagger UI (swagger-ui-py from PyPI) for /docs/try
#   scripts/install-deps.sh --test   also chromium-driver, poppler-utils (pdftotext), wrk, iproute2 (ss), openssl and systemd (deploy test),
#                                    gcc and make (the benchmark's C reference responder, built by a system test too),
#                                    python3-aiosmtpd (the SMTP tests), selenium, pytest, openapi-spec-validator, schemathesis,
#                                    prometheus-client (parses /metrics)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_test=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        *) die "unknown argument: $arg (usage: install-deps.sh [--test])" ;;
    esac
done

packages=(libfcgi-dev libpq-dev libssl-dev libargon2-dev libqrencode-dev libcmark-dev libcurl4-openssl-dev postgresql nginx curl python3-pip chromium)
if ((with_test)); then
    packages+=(chromium-driver poppler-utils wrk iproute2 openssl systemd python3-aiosmtpd gcc make)
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done

sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then
    sudo_cmd=(sudo)
fi

if ((${#missing[@]})); then
    if ((${#sudo_cmd[@]})); then
        command -v sudo >/dev/null || die "missing packages (${missing[*]}) and not root; install them or run as root"
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

command -v python3 >/dev/null || die "python3 is missing (python3-pip should have brought it)"
python3 -m pip --version >/dev/null 2>&1 || die "python3 -m pip does not work; install python3-pip"

# Swagger UI's files for /docs/try (see SWAGGER_UI_* in lib.sh). swagger-ui-py rather than Debian's
# python3-flasgger (Swagger UI 3.28) or PyPI's swagger-ui-bundle (4.15): those render OpenAPI 3.0
# only, and the portal's document is 3.1.
if [[ -d "$SWAGGER_UI_PREFIX/swagger_ui_py-$SWAGGER_UI_PY_VERSION.dist-info" && -f "$SWAGGER_UI_DIR/swagger-ui-bundle.js" ]]; then
    log "swagger-ui-py $SWAGGER_UI_PY_VERSION present in $SWAGGER_UI_PREFIX"
else
    log "installing swagger-ui-py $SWAGGER_UI_PY_VERSION into $SWAGGER_UI_PREFIX"
    PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 "${sudo_cmd[@]}" python3 -m pip install -q \
        --no-deps --upgrade --target "$SWAGGER_UI_PREFIX" "swagger-ui-py==$SWAGGER_UI_PY_VERSION"
    [[ -f "$SWAGGER_UI_DIR/swagger-ui-bundle.js" ]] || die "swagger-ui-py did not install $SWAGGER_UI_DIR/swagger-ui-bundle.js"
fi

if ((with_test)); then
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
    if python3 -c 'import prometheus_client' 2>/dev/null; then
        log "python prometheus-client present"
    else
        pip_install 'prometheus-client>=0.20,<1'
    fi
fi
