"""`vpsctl seed` gives the demo customer a few months of real billing history.

On a scratch database: the demo customer's order from four months ago was paid, the billing run
has issued a renewal every month since, each paid on its due date, and only the newest (due in
the coming days) is open — so `make run` shows invoices (from the demo company, with VAT), a paid-through date and the amount-due
banner. A second seed adds nothing.
"""
import os
import subprocess

import pytest

from conftest import require_env
from scratch_portal import psql, scratch_portal_env


@pytest.fixture
def scratch(test_var):
    with scratch_portal_env(test_var, "demo_seed_") as env:
        yield env


def vpsctl(env, *args):
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    done = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_demo_customer_has_months_of_invoices_all_paid_but_the_newest(scratch):
    url = scratch["VPS_DATABASE_URL"]
    vpsctl(scratch, "migrate")
    out = vpsctl(scratch, "seed")
    assert "4 months of billing history" in out, out
    customer = psql(url, "SELECT id FROM users WHERE email = 'customer@demo.test'")
    statuses = psql(url, f"SELECT string_agg(status, ',' ORDER BY id) FROM invoices WHERE customer_id = {customer}").split(",")
    # The order's invoice, then one renewal per month (both servers renew on the same day, on one invoice).
    assert 4 <= len(statuses) <= 6, statuses
    assert statuses[-1] == "unpaid" and set(statuses[:-1]) == {"paid"}, statuses
    # The open one is a renewal due within the lead days, not yet overdue.
    assert psql(url, f"SELECT due_date >= current_date AND due_date <= current_date + 14 FROM invoices "
                     f"WHERE customer_id = {customer} AND status = 'unpaid'") == "t"
    # Billed as the demo company, with German VAT on the demo customer's invoices.
    assert psql(url, f"SELECT bool_and(tax_rate = 19 AND tax > 0 AND total = subtotal + tax "
                     f"AND seller->>'company' = 'Demo Hosting GmbH') FROM invoices WHERE customer_id = {customer}") == "t"
    # Every renewal bills the next month once: periods are contiguous per service, never twice.
    assert psql(url, "SELECT count(*) FROM billing_periods GROUP BY service_id, period_start HAVING count(*) > 1") == ""
    servers = psql(url, f"SELECT count(*) FROM server_instances WHERE customer_id = {customer} "
                        f"AND next_due_date > current_date AND billing_status = 'current'")
    assert servers == "2"
    # Numbers gapless from 1 within each year.
    assert psql(url, "SELECT bool_and(n = rn) FROM (SELECT number_seq AS n, row_number() OVER "
                     "(PARTITION BY number_year ORDER BY number_seq) AS rn FROM invoices WHERE number IS NOT NULL) s") == "t"
    before = psql(url, "SELECT count(*) FROM invoices")
    again = vpsctl(scratch, "seed")
    assert "billing history" not in again
    assert psql(url, "SELECT count(*) FROM invoices") == before
