"""A scratch database and var directory for tests that run their own vpsctl processes.

A module of its own (not conftest): pytest imports Tests/system and Tests/browser, which both
have a conftest.py, so `from conftest import …` may find the other one."""
import contextlib
import os
import subprocess
import tempfile
import uuid

from conftest import require_env
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
