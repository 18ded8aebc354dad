"""`vpsctl billing run` killed with SIGKILL half-way, then run again.

On a scratch database (the scale seeder's customers and servers, as services paid through the
current period), a billing run forty days ahead is killed with `kill -9` once it has issued some
invoices. What it committed must be whole — no draft, every issued invoice's items adding up, no
number skipped — and the run stays recorded as unfinished. The next run completes the rest, a third
finds nothing to do, and no service is billed twice for a period.
"""
import datetime
import os
import signal
import subprocess
import time

import pytest

from conftest import require_env
from scratch_portal import psql, scratch_portal_env


@pytest.fixture
def scratch(test_var):
    with scratch_portal_env(test_var, "billing_kill_") as env:
        yield env


def vpsctl(env, *args):
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=600)


def whole(url):
    """Problems with what is committed: drafts, invoices whose items do not add up, gaps, doubles."""
    problems = []
    if psql(url, "SELECT count(*) FROM invoices WHERE status = 'draft'") != "0":
        problems.append("a draft invoice was left behind")
    bad = psql(url, """SELECT count(*) FROM invoices i WHERE billing_run_id IS NOT NULL AND (number IS NULL
                       OR subtotal <> (SELECT coalesce(sum(amount), 0) FROM invoice_items WHERE invoice_id = i.id)
                       OR NOT EXISTS (SELECT 1 FROM invoice_items WHERE invoice_id = i.id))""")
    if bad != "0":
        problems.append(f"{bad} issued invoices are not whole")
    gaps = psql(url, "SELECT count(*) FROM (SELECT number_year FROM invoices WHERE number IS NOT NULL GROUP BY 1 "
                     "HAVING count(*) <> max(number_seq) OR count(DISTINCT number_seq) <> count(*)) g")
    if gaps != "0":
        problems.append("invoice numbers have a gap")
    twice = psql(url, "SELECT count(*) FROM (SELECT service_id, period_start FROM invoice_items WHERE service_id IS NOT NULL "
                      "GROUP BY 1, 2 HAVING count(*) > 1) d")
    if twice != "0":
        problems.append(f"{twice} periods billed twice")
    return problems


def test_killed_billing_run_leaves_whole_invoices_and_the_rerun_completes_the_rest(scratch):
    url = scratch["VPS_DATABASE_URL"]
    for args in (["migrate"], ["seed"], ["seed", "--customers", "3000", "--orders", "9000", "--servers", "24000"]):
        done = vpsctl(scratch, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    services = int(psql(url, "SELECT count(*) FROM server_instances WHERE billing_cycle IS NOT NULL AND billing_status <> 'cancelled'"))
    assert services > 10000
    # (The demo customer's history has renewals of earlier runs: count only this moment's runs.)
    moment = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    this_run = f"billing_run_id IN (SELECT id FROM billing_runs WHERE run_at = '{moment}')"

    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    run = subprocess.Popen([binary, "billing", "run", "--now", moment], env=scratch, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    issued = 0
    while time.monotonic() < deadline and run.poll() is None:
        issued = int(psql(url, f"SELECT count(*) FROM invoices WHERE {this_run}"))
        if issued >= 20:
            break
        time.sleep(0.02)
    assert run.poll() is None, "the run finished before it could be killed: " + run.stdout.read().decode()
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=10)
    time.sleep(0.5)  # PostgreSQL notices the dead client and rolls its open transaction back

    assert whole(url) == []
    at_kill = int(psql(url, f"SELECT count(*) FROM invoices WHERE {this_run}"))
    assert at_kill >= 20
    assert psql(url, "SELECT count(*) FROM billing_runs WHERE finished_at IS NULL") == "1"

    rerun = vpsctl(scratch, "billing", "run", "--now", moment)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "invoices issued" in rerun.stdout
    assert whole(url) == []
    total = int(psql(url, f"SELECT count(*) FROM invoices WHERE {this_run}"))
    assert total > at_kill
    # Each customer with due services got exactly one renewal invoice across the two runs.
    assert psql(url, f"SELECT count(*) FROM (SELECT customer_id FROM invoices WHERE {this_run} "
                     "GROUP BY 1 HAVING count(*) > 1) d") == "0"
    third = vpsctl(scratch, "billing", "run", "--now", moment)
    assert third.returncode == 0 and " 0 invoices issued" in third.stdout, third.stdout
    assert int(psql(url, f"SELECT count(*) FROM invoices WHERE {this_run}")) == total
