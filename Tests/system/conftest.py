"""Shared fixtures for the system tests (run by `make test` against a started stack).

Environment (set by scripts/test.sh); a missing variable fails the test, never skips it:
  VPS_TEST_BASE_URL  e.g. http://127.0.0.1:18080 (nginx in front of vpsctl serve)
  VPS_TEST_VAR       the stack's state directory (run/serve.pid, log/, ...)
  VPS_TEST_ROOT      the repository root (scripts/pg.sh)
"""
import os
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

