"""The C reference responder of `make bench` (bench/reference) still does what the portal does.

Builds the reference with gcc, starts it next to the test stack's workers, and runs
bench/reference/check.py: for benchmark cases 3-6 the same FastCGI request to a portal worker
and to the reference must give the same bytes, and the portal's backend must run the SQL of
bench/reference/sql.h, statement for statement (PostgreSQL's log_statement). A change to the
portal's SQL or output for those requests fails here until the reference follows.
"""
import json
import os
import subprocess
import tempfile
import time

from conftest import require_env
from scratch_portal import psql


def vpsctl(*args):
    root, var = require_env("VPS_TEST_ROOT"), require_env("VPS_TEST_VAR")
    result = subprocess.run([os.path.join(root, ".build/release/vpsctl"), *args], env=dict(os.environ, VPS_VAR=var),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_reference_answers_like_the_portal_with_the_portals_sql():
    root, var, db = require_env("VPS_TEST_ROOT"), require_env("VPS_TEST_VAR"), require_env("VPS_TEST_DATABASE_URL")
    build = subprocess.run(["make", "-s", "-C", os.path.join(root, "bench/reference")], capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stdout + build.stderr
    with tempfile.TemporaryDirectory() as scratch:
        tokens = os.path.join(scratch, "bench-tokens.json")
        has_bench_accounts = psql(db, "SELECT count(*) FROM users WHERE email = 'bench-customer@bench.test'") == "1"
        vpsctl("seed", *([] if has_bench_accounts else ["--customers", "1"]), "--bench-tokens", tokens)
        customer = json.load(open(tokens))["customer_id"]
        # Reboot two of the bench customer's own servers, so no other test's server gets a job.
        ids = psql(db, f"""SELECT string_agg(id::text, ',') FROM (SELECT id FROM server_instances s WHERE customer_id = {customer}
                           AND status = 'active' AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.instance_id = s.id
                           AND j.status IN ('queued', 'running')) ORDER BY id LIMIT 2) t""")
        socket_path = os.path.join(scratch, "reference.sock")
        reference = subprocess.Popen([os.path.join(root, "bench/reference/reference"), "--socket", socket_path, "--threads", "2",
                                      "--db", db + " application_name=bench-reference"], stderr=subprocess.PIPE)
        try:
            for _ in range(50):
                if os.path.exists(socket_path):
                    break
                time.sleep(0.1)
            check = subprocess.run(
                ["python3", os.path.join(root, "bench/reference/check.py"), "--portal-socket", os.path.join(var, "run/vpsctl.sock"),
                 "--reference-socket", socket_path, "--db", db, "--pg-log", os.path.join(var, "log/postgresql.log"),
                 "--tokens", tokens, "--reboot-ids", ids], capture_output=True, text=True, timeout=120)
            assert check.returncode == 0, check.stdout + check.stderr
            assert check.stdout.count("same bytes") == 4, check.stdout
        finally:
            reference.kill()
            reference.wait()
            vpsctl("seed", "--clear-bench-jobs")
