"""`vpsctl serve` issues due renewals by itself: its job runner runs the billing tick periodically.

On a scratch database (demo seed plus a few scale-seeded services), one monthly service is made
due in three days (its anchor a month before). A serve process of the test's own, with
`VPS_BILLING_INTERVAL=1`, must issue that renewal invoice without anyone calling
`vpsctl billing run` — once, however many ticks pass.
"""
import os
import signal
import subprocess
import time

import pytest

from conftest import require_env
from scratch_portal import psql, scratch_portal_env


@pytest.fixture
def scratch(test_var):
    with scratch_portal_env(test_var, "billing_tick_", VPS_SOCKET="{var}/serve.sock", VPS_WORKERS="1", VPS_THREADS="1",
                            VPS_JOB_THREADS="1", VPS_BILLING_INTERVAL="1") as env:
        yield env


def vpsctl(env, *args):
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=600)


def test_serve_issues_a_due_renewal_by_itself(scratch):
    url = scratch["VPS_DATABASE_URL"]
    for args in (["migrate"], ["seed"], ["seed", "--customers", "20", "--orders", "60", "--servers", "60"]):
        done = vpsctl(scratch, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    # The seeder's order statuses are random; any service will do, made a running one.
    service = psql(url, "SELECT id FROM server_instances WHERE billing_cycle IS NOT NULL ORDER BY id LIMIT 1")
    assert service, "the scale seeder made no service"
    # Due in three days (within the 14 lead days), every other service far from due.
    psql(url, "UPDATE server_instances SET billing_anchor = current_date + 400, next_due_date = current_date + 400, "
              "invoiced_until = current_date + 400 WHERE billing_cycle IS NOT NULL")
    psql(url, "UPDATE server_instances SET billing_cycle = 'monthly', billing_anchor = (current_date + 3 - interval '1 month')::date, "
              f"next_due_date = current_date + 3, invoiced_until = current_date + 3, status = 'active', billing_status = 'current', "
              f"terminated_at = NULL WHERE id = {service}")
    renewals = f"SELECT count(*) FROM invoice_items WHERE service_id = {service} AND period_start = current_date + 3"
    assert psql(url, renewals) == "0"

    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    serve = subprocess.Popen([binary, "serve"], env=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while psql(url, renewals) == "0":
            assert serve.poll() is None, serve.stdout.read().decode()
            assert time.monotonic() < deadline, "serve issued no renewal invoice within 30 s"
            time.sleep(0.2)
        time.sleep(3)  # a few more ticks: nothing more is issued
        assert psql(url, renewals) == "1"
        assert int(psql(url, "SELECT count(*) FROM billing_runs WHERE finished_at IS NOT NULL")) >= 2
        assert psql(url, f"SELECT i.status FROM invoices i JOIN invoice_items t ON t.invoice_id = i.id "
                         f"WHERE t.service_id = {service} AND t.period_start = current_date + 3") == "unpaid"
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
