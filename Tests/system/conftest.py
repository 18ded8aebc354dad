"""Shared fixtures for the system tests (run by `make test` against a started stack).

Environment (set by scripts/test.sh); a missing variable fails the test, never skips it:
  VPS_TEST_BASE_URL  e.g. http://127.0.0.1:18080 (nginx in front of vpsctl serve)
  VPS_TEST_VAR       the stack's state directory (run/serve.pid, log/, ...)
  VPS_TEST_ROOT      the repository root (scripts/pg.sh)
"""
import contextlib
import os
import subprocess
import tempfile
import uuid
from urllib.parse import urlsplit

import pytest


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"environment variable {name} is not set; run the suite with `make test`",
                    pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url():
    return require_env("VPS_TEST_BASE_URL").rstrip("/")


@pytest.fixture(scope="session")
def test_var():
    return require_env("VPS_TEST_VAR")


@pytest.fixture(scope="session")
def test_root():
    return require_env("VPS_TEST_ROOT")


@pytest.fixture(scope="session")
def server_address(base_url):
    """(host, port) of nginx, for raw-socket tests."""
    parts = urlsplit(base_url)
    return parts.hostname, parts.port or 80


def psql(url, query):
    """One statement through psql; its output, trimmed."""
    result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", url, "-c", query], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@contextlib.contextmanager
def scratch_portal_env(test_var, prefix, **settings):
    """An empty database of its own and a var directory, as the environment a vpsctl process
    needs to work on them (the test stack's key file; no settings file), dropped afterwards."""
    base = require_env("VPS_TEST_DATABASE_URL")
    name = prefix + uuid.uuid4().hex[:12]
    psql(base, f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory() as var:
            env = dict(os.environ, VPS_VAR=var, VPS_DATABASE_URL=base.replace("dbname=vps_portal", f"dbname={name}"),
                       VPS_SECRET_KEY_FILE=os.path.join(test_var, "secret.key"))
            env.update({key: value.replace("{var}", var) for key, value in settings.items()})
            env.pop("VPS_ENV_FILE", None)
            yield env
    finally:
        psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
